import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { z } from 'zod';

const shelves = new Map<string, number>([['flour', 2]]);

function createMcpServer() {
  const server = new McpServer({ name: 'pantry', version: '0.3.0' });

  server.registerTool(
    'stock',
    { description: 'How many of an item are on the shelves', inputSchema: { item: z.string() } },
    async ({ item }) => ({ content: [{ type: 'text', text: `${item}: ${shelves.get(item) ?? 0}` }] }),
  );

  return server;
}

const app = new Hono();

app.get('/healthz', (c) => c.text('ok'));
app.all('/mcp', async (c) => {
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport();
  await server.connect(transport);
  return transport.handleRequest(c.req.raw);
});

export { app };
