import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPTransport } from '@hono/mcp';
import { z } from 'zod';

const mcp = new McpServer({ name: 'units', version: '0.3.0' });

// Converts between metric and imperial lengths.
mcp.registerTool(
  'convert',
  { inputSchema: { meters: z.number() } },
  async ({ meters }) => ({ content: [{ type: 'text', text: `${meters * 3.28084} ft` }] }),
);

const app = new Hono();
const transport = new StreamableHTTPTransport();

app.all('/mcp', async (c) => {
  if (!mcp.isConnected()) {
    await mcp.connect(transport);
  }
  return transport.handleRequest(c);
});

export default app;
