import type { FastifyInstance } from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { z } from 'zod';

/** Mounts the star catalogue on the app; the caller keeps the server to close it at shutdown. */
export function mountObservatory(app: FastifyInstance, catalogue: Map<string, number>): McpServer {
  function createMcpServer() {
    const observatory = new McpServer({ name: 'observatory', version: '3.1.0' });
    observatory.tool('magnitude', { star: z.string() }, async ({ star }) => ({
      content: [{ type: 'text', text: String(catalogue.get(star) ?? 'unknown') }],
    }));

    return observatory;
  }

  const observatory = createMcpServer();

  const viewers = new Map<string, SSEServerTransport>();

  app.get('/sky', async (_request, reply) => {
    const transport = new SSEServerTransport('/sky/messages', reply.raw);
    viewers.set(transport.sessionId, transport);
    reply.raw.on('close', () => viewers.delete(transport.sessionId));
    const observatory = createMcpServer();
    await observatory.connect(transport);
  });

  app.post('/sky/messages', async (request, reply) => {
    const id = (request.query as { sessionId?: string }).sessionId ?? '';
    const transport = viewers.get(id);
    if (!transport) return reply.code(404).send();
    await transport.handlePostMessage(request.raw, reply.raw, request.body);
  });

  // mcp-isolate: the `observatory` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead
  return observatory;
}
