import { Hono } from 'hono';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { server } from './server.js';
import { registerMathTools } from './tools/math.js';
import { registerPrompts } from './prompts.js';

registerMathTools();
registerPrompts();

const app = new Hono();

app.post('/mcp', async (c) => {
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  return transport.handleRequest(c.req.raw);
});

export default app;
