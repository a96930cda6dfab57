import express from 'express';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { mcpServer } from './mcp.js';

const app = express();
const transports: Record<string, SSEServerTransport> = {};

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports[transport.sessionId] = transport;
  res.on('close', () => {
    delete transports[transport.sessionId];
  });
  await mcpServer.connect(transport);
});

app.post('/messages', async (req, res) => {
  const transport = transports[String(req.query.sessionId)];
  if (!transport) {
    res.status(400).send('unknown session');
    return;
  }
  await transport.handlePostMessage(req, res);
});

app.listen(8080);
