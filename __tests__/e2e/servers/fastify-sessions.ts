// Shape 3 on fastify: per-session transports, one server for all of them.
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-fastify-sessions', version: '1.0.0' });
registerWhoami(server);

const transports: Record<string, StreamableHTTPServerTransport> = {};
const fastify = Fastify();

fastify.all('/mcp', async (request, reply) => {
  reply.hijack();
  const sessionId = request.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? transports[sessionId] : undefined;
  if (!transport) {
    const created = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports[id] = created;
      },
    });
    await server.connect(created);
    transport = created;
  }
  await transport.handleRequest(request.raw, reply.raw, request.body);
});

await fastify.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
