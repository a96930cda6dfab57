import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

function buildQuotes() {
  const server = new McpServer({ name: 'quotes', version: '1.0.0' });
  server.tool('quote', async () => ({ content: [{ type: 'text', text: 'carpe diem' }] }));
  return server;
}

const quotes = buildQuotes();
const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
await quotes.connect(transport);

const app = new Hono();
app.all('/mcp', (c) => transport.handleRequest(c.req.raw));
const node = serve({ fetch: app.fetch, port: 9000 });

process.on('SIGTERM', async () => {
  await transport.close();
  node.close();
});
