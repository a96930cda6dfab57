import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';

const metronome = new McpServer({ name: 'metronome', version: '1.2.0' });
metronome.registerTool('tempo', { description: 'Current tempo' }, async () => ({
  content: [{ type: 'text', text: '120 bpm' }],
}));

const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
let linked: Promise<void> | null = null;

const linkOnce = async () => {
  linked ??= metronome.connect(transport);
  await linked;
};

const app = new Hono();
app.post('/mcp', async (c) => {
  await linkOnce();
  return transport.handleRequest(c.req.raw);
});

export default app;
