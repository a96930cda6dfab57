import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

const liveServers = new Set<McpServer>();

function createMcpServer() {
  const server = new McpServer({ name: 'stock-ticker', version: '1.3.0' }, { capabilities: { logging: {}, resources: {} } });
  server.registerResource('quotes', 'quotes://latest', { mimeType: 'application/json' }, async (uri) => ({
    contents: [{ uri: uri.href, text: JSON.stringify({ ACME: 42 }) }],
  }));

  // Tell clients every 30 s that the quotes changed.
  const serverTimer = setInterval(() => {
    server.sendResourceListChanged();
  }, 30_000);

  liveServers.add(server);
  server.server.onclose = () => {
    clearInterval(serverTimer);
    liveServers.delete(server);
  };
  return server;
}

const app = express();
const transports = new Map<string, SSEServerTransport>();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports.set(transport.sessionId, transport);
  res.on('close', () => transports.delete(transport.sessionId));
  const server = createMcpServer();
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  const transport = transports.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).end();
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

const httpServer = app.listen(3000);

process.on('SIGINT', async () => {
  console.log('shutting down');
  await Promise.all([...liveServers].map((live) => live.close()));
  httpServer.close();
});
