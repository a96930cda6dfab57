import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

function wireQuotes() {
  const mcp = new McpServer({ name: 'quotes', version: '1.0.0' });
  mcp.registerTool('quote', { description: 'A random quote' }, async () => ({ content: [{ type: 'text', text: 'Carpe diem' }] }));
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  return { mcp, transport };
}

const { mcp, transport } = wireQuotes();

const app = new Hono();
app.all('/mcp', async (c) => {
  await mcp.connect(transport);
  return transport.handleRequest(c.req.raw);
});

export default app;
