import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

async function startBakery(ovenCount: number) {
  const bakery = new McpServer({ name: 'bakery', version: '1.1.0' });
  bakery.tool('loaves', async () => ({ content: [{ type: 'text', text: String(ovenCount * 12) }] }));
  const coolDown = async () => {
    console.log('ovens off');
  };
  return { bakery, coolDown };
}

const { bakery, coolDown } = await startBakery(3);
const app = express();
const streams: Record<string, SSEServerTransport> = {};

app.get('/stream', async (_req, res) => {
  const transport = new SSEServerTransport('/orders', res);
  streams[transport.sessionId] = transport;
  res.on('close', () => {
    delete streams[transport.sessionId];
    void coolDown();
  });
  await bakery.connect(transport);
});

app.post('/orders', async (req, res) => {
  const transport = streams[String(req.query.sessionId)];
  if (!transport) {
    res.sendStatus(404);
    return;
  }
  await transport.handlePostMessage(req, res);
});

process.on('SIGINT', async () => {
  await coolDown();
  await bakery.close();
  process.exit(0);
});

app.listen(5050);
