// Shape 4: SSE streams kept in a map, all connected to one shared McpServer.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-sse', version: '1.0.0' });

registerWhoami(server);

const transports = new Map<string, SSEServerTransport>();
const app = express();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports.set(transport.sessionId, transport);
  res.on('close', () => {
    transports.delete(transport.sessionId);
  });
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  const transport = transports.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).send('Unknown session');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
