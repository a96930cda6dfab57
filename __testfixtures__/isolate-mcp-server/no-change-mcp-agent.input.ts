import { McpAgent } from 'agents/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

// One McpAgent (and so one server) per Durable Object, which is one session.
export class Calculator extends McpAgent {
  server = new McpServer({ name: 'calculator', version: '1.0.0' });

  async init() {
    this.server.tool('add', { a: z.number(), b: z.number() }, async ({ a, b }) => ({
      content: [{ type: 'text', text: String(a + b) }],
    }));
  }
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const url = new URL(request.url);
    if (url.pathname === '/mcp') return Calculator.serve('/mcp').fetch(request, env, ctx);
    return new Response('Not found', { status: 404 });
  },
};
