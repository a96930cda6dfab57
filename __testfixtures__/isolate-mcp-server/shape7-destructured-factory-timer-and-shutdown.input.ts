import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function createTideServer() {
  const server = new McpServer({ name: 'tides', version: '1.4.0' }, { capabilities: { logging: {} } });
  server.tool('high-water', async () => ({ content: [{ type: 'text', text: '06:12' }] }));
  const cleanup = async () => {
    console.log('tide tables released');
  };
  return { server, cleanup };
}

const { server, cleanup } = createTideServer();

setInterval(() => {
  server.sendLoggingMessage({ level: 'info', data: 'tide tables refreshed' });
}, 300_000);

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  await server.connect(transport);
});

app.post('/messages', async (req, res) => {
  const transport = streams.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).end();
    return;
  }
  await transport.handlePostMessage(req, res);
});

process.on('SIGINT', async () => {
  await cleanup();
  await server.close();
  process.exit(0);
});

app.listen(4000);
