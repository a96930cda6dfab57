import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function createMcpServer() {
  const server = new McpServer({ name: 'calendar', version: '0.9.1' });
  server.tool('today', async () => ({ content: [{ type: 'text', text: new Date().toDateString() }] }));

  return server;
}

const app = express();
const transports = new Map();

app.get('/sse', async (req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  transports.set(transport.sessionId, transport);
  res.on('close', () => transports.delete(transport.sessionId));
  const server = createMcpServer();
  await server.connect(transport);
});

app.post('/messages', async (req, res) => {
  const transport = transports.get(new URL(String(req.url), 'http://localhost').searchParams.get('sessionId') ?? '');
  if (!transport) {
    res.writeHead(404).end('Unknown session');
    return;
  }
  // Whoever connected last receives every client's messages.
  await transport.handlePostMessage(req, res);
});

app.listen(3001);
