import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { z } from 'zod';

export function buildTimezoneServer(): McpServer {
  const server = new McpServer({ name: 'timezones', version: '0.9.0' });
  server.registerTool('offset', { description: 'UTC offset of a zone', inputSchema: { zone: z.string() } }, async ({ zone }) => ({
    content: [{ type: 'text', text: new Date().toLocaleString('en-GB', { timeZone: zone }) }],
  }));
  return server;
}

export const app = new Hono();

app.all('/mcp', async (c) => {
  const server = buildTimezoneServer();
  const transport = new WebStandardStreamableHTTPServerTransport();
  await server.connect(transport);
  return transport.handleRequest(c.req.raw);
});
