// Shape 4, the worst form: one module-level `transport` that every new SSE stream
// overwrites, so every client's messages go to the newest stream.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-sse-global', version: '1.0.0' });
registerWhoami(server);

const app = express();
let transport: SSEServerTransport;

app.get('/sse', async (_req, res) => {
  transport = new SSEServerTransport('/messages', res);
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
