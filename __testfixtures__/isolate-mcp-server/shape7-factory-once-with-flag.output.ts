import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPTransport } from '@hono/mcp';

const app = new Hono();

function buildServer() {
  const server = new McpServer({ name: 'dice', version: '2.0.0' });
  server.tool('roll', async () => ({
    content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * 6)) }],
  }));
  return server;
}

app.post('/mcp', async (c) => {
  const server = buildServer();
  const transport = new StreamableHTTPTransport();
  await server.connect(transport);
  return transport.handleRequest(c);
});

app.get('/health', (c) => c.text('ok'));

export default app;
