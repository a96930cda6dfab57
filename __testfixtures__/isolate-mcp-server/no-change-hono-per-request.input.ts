import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPTransport } from '@hono/mcp';

const app = new Hono();

function buildServer(token: string) {
  const server = new McpServer({ name: 'scoped', version: '1.0.0' });
  server.tool('token_suffix', async () => ({ content: [{ type: 'text', text: token.slice(-4) }] }));
  return server;
}

app.all('/mcp', async (c) => {
  const server = buildServer(c.req.header('authorization') ?? '');
  const transport = new StreamableHTTPTransport();
  await server.connect(transport);
  return transport.handleRequest(c);
});

export default app;
