import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const serversByTransport = new WeakMap();

function createMcpServer() {
  const relay = new Server({ name: 'relay', version: '1.1.0' }, { capabilities: { tools: {}, logging: {} } });
  relay.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));

  return relay;
}

const byId = new Map();

createServer(async (req, res) => {
  const sid = req.headers['mcp-session-id'];
  let transport = sid ? byId.get(sid) : undefined;
  if (transport) {
    await serversByTransport.get(transport).sendLoggingMessage({ level: 'info', data: `request ${req.method} for ${sid}` });
  } else {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => byId.set(id, transport),
    });
    transport.onclose = () => byId.delete(transport.sessionId);
    const relay = createMcpServer();
    serversByTransport.set(transport, relay);
    await relay.connect(transport);
  }
  await transport.handleRequest(req, res);
}).listen(3002);
