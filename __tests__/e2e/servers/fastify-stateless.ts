// Shape 2 on fastify: a transport per request (the "half fix"), one server for all.
import Fastify from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-fastify', version: '1.0.0' });
registerWhoami(server);

const fastify = Fastify();

fastify.post('/mcp', async (request, reply) => {
  reply.hijack();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  reply.raw.on('close', () => {
    void transport.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
});

await fastify.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
