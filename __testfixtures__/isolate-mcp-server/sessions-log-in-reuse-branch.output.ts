import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const serversByTransport = new WeakMap<object, McpServer>();

function createMcpServer() {
  const ledger = new McpServer({ name: 'ledger', version: '2.0.0' }, { capabilities: { logging: {} } });
  ledger.tool('balance', async () => ({ content: [{ type: 'text', text: '42' }] }));

  return ledger;
}

function trace(target: McpServer, text: string): void {
  target.sendLoggingMessage({ level: 'debug', data: text }).catch(() => undefined);
}

const live = new Map<string, StreamableHTTPServerTransport>();
const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const sid = req.header('mcp-session-id');
  let transport: StreamableHTTPServerTransport;
  if (sid && live.has(sid)) {
    transport = live.get(sid)!;
    trace(serversByTransport.get(transport)!, `continuing ${sid}`);
  } else if (!sid && isInitializeRequest(req.body)) {
    const ledger = createMcpServer();
    trace(ledger, 'opening a session');
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        live.set(id, transport);
        trace(ledger, `opened ${id}`);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) {
        trace(ledger, `closed ${transport.sessionId}`);
        live.delete(transport.sessionId);
      }
    };
    serversByTransport.set(transport, ledger);
    await ledger.connect(transport);
  } else {
    res.status(400).send('bad request');
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3001);
