import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';

function createMcpServer() {
  const metronome = new McpServer({ name: 'metronome', version: '1.2.0' });
  metronome.registerTool('tempo', { description: 'Current tempo' }, async () => ({
    content: [{ type: 'text', text: '120 bpm' }],
  }));

  return metronome;
}

const app = new Hono();
app.post('/mcp', async (c) => {
  const metronome = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await metronome.connect(transport);
  return transport.handleRequest(c.req.raw);
});

export default app;
