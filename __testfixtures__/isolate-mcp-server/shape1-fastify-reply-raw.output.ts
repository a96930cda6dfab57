import Fastify from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const fastify = Fastify({ logger: true });

function createMcpServer() {
  const server = new McpServer({ name: 'inventory', version: '3.1.0' });
  server.registerTool('stock', { inputSchema: { sku: z.string() } }, async ({ sku }) => ({
    content: [{ type: 'text', text: `${sku}: 12 in stock` }],
  }));

  return server;
}

fastify.post('/mcp', async (request, reply) => {
  const server = createMcpServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  reply.raw.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
  return reply;
});

async function start() {
  await fastify.listen({ port: 3000 });
}

start();
