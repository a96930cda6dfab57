import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function createGreenhouseServer() {
  const server = new McpServer({ name: 'greenhouse', version: '0.9.0' }, { capabilities: { logging: {} } });
  server.tool('humidity', async () => ({ content: [{ type: 'text', text: '61%' }] }));
  const sampler = setInterval(() => {
    void server.sendLoggingMessage({ level: 'debug', data: 'sensors sampled' });
  }, 60_000);
  const cleanup = async () => {
    clearInterval(sampler);
  };
  return { server, cleanup };
}

const { server, cleanup } = createGreenhouseServer();

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
