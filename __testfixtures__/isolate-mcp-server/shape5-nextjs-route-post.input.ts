// app/api/mcp/route.ts
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';
import { db } from '@/lib/db';

export const runtime = 'nodejs';

const server = new McpServer({ name: 'orders', version: '0.9.0' });

server.registerTool('order_status', { inputSchema: { id: z.string() } }, async ({ id }) => {
  const order = await db.order.findUnique({ where: { id } });
  return { content: [{ type: 'text', text: order?.status ?? 'unknown' }] };
});

export async function POST(request: Request) {
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
  });
  await server.connect(transport);
  return transport.handleRequest(request);
}

export async function GET() {
  return new Response(null, { status: 405 });
}
