import Koa from 'koa';
import Router from '@koa/router';
import bodyParser from 'koa-bodyparser';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'koa-greeter', version: '1.0.0' });
server.prompt('greet', () => ({
  messages: [{ role: 'user', content: { type: 'text', text: 'Say hello politely.' } }],
}));

const router = new Router();
router.post('/mcp', async (ctx) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  ctx.respond = false; // the transport writes the response itself
  ctx.res.on('close', () => transport.close());
  await server.connect(transport);
  await transport.handleRequest(ctx.req, ctx.res, ctx.request.body);
});

const app = new Koa();
app.use(bodyParser());
app.use(router.routes());
app.listen(3000);
