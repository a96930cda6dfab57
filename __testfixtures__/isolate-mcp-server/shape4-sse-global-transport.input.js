import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

const server = new McpServer({ name: 'calendar', version: '0.9.1' });
server.tool('today', async () => ({ content: [{ type: 'text', text: new Date().toDateString() }] }));

const app = express();
let transport;

app.get('/sse', async (req, res) => {
  transport = new SSEServerTransport('/messages', res);
  await server.connect(transport);
});

app.post('/messages', async (req, res) => {
  // Whoever connected last receives every client's messages.
  await transport.handlePostMessage(req, res);
});

app.listen(3001);
