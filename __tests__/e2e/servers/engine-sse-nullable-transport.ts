// One SSE transport in a `let`: read by guards, reset to null when its stream closes,
// overwritten by every new stream.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'harbour-sse', version: '1.0.0' });
registerWhoami(server);

let transport: SSEServerTransport | null = null;

const app = express();

app.get('/sse', async (_req, res) => {
  transport = new SSEServerTransport('/messages', res);
  res.on('close', () => {
    transport = null;
  });
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  if (!transport) {
    res.status(503).send('no stream open');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
