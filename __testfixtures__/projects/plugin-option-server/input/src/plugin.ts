import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { FastifyPluginAsync } from 'fastify';
import { randomUUID } from 'node:crypto';

export interface TidePluginOptions {
  tideServer: McpServer;
  prefix?: string;
}

const sessions = new Map<string, StreamableHTTPServerTransport>();
const streams = new Map<string, SSEServerTransport>();

// Mounted once by the app; every route takes the server out of the options it was given.
export const tidePlugin: FastifyPluginAsync<TidePluginOptions> = async (app, options) => {
  const base = options.prefix ?? '';

  app.post(`${base}/mcp`, async (request, reply) => {
    const { tideServer } = options;
    const id = request.headers['mcp-session-id'] as string | undefined;
    let transport = id ? sessions.get(id) : undefined;
    if (!transport && isInitializeRequest(request.body)) {
      const created = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => {
          sessions.set(sid, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
      };
      await tideServer.connect(created);
      transport = created;
    }
    if (!transport) {
      reply.status(400).send({ error: 'unknown session' });
      return;
    }
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  app.get(`${base}/sse`, async (_request, reply) => {
    const { tideServer } = options;
    const stream = new SSEServerTransport(`${base}/messages`, reply.raw);
    streams.set(stream.sessionId, stream);
    reply.raw.on('close', () => streams.delete(stream.sessionId));
    await tideServer.connect(stream);
  });

  app.post(`${base}/messages`, async (request, reply) => {
    const stream = streams.get(String((request.query as { sessionId?: string }).sessionId));
    if (!stream) {
      reply.status(404).send({ error: 'unknown stream' });
      return;
    }
    await stream.handlePostMessage(request.raw, reply.raw, request.body);
  });
};
