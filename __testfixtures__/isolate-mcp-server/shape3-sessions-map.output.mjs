import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const sessions = new Map();
const store = new Map();

function createMcpServer() {
  const server = new McpServer({ name: 'kv', version: '3.1.0' });

  server.registerResource('keys', 'kv://keys', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: [...store.keys()].join('\n') }],
  }));

  return server;
}

const app = express();
app.use(express.json());

app.all('/mcp', async (req, res) => {
  const id = req.header('mcp-session-id');
  let transport = id ? sessions.get(id) : undefined;
  if (!transport) {
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return res.status(400).json({ error: 'no session' });
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => sessions.set(sid, transport),
    });
    transport.onclose = () => sessions.delete(transport.sessionId);
    const server = createMcpServer();
    await server.connect(transport);
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
