// Shape 1 on Hono with the web-standard transport: one server, one transport.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-hono', version: '1.0.0' });
registerWhoami(server);

const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
const app = new Hono();

app.all('/mcp', async (c) => {
  if (!server.isConnected()) {
    await server.connect(transport);
  }
  return transport.handleRequest(c.req.raw);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' });
