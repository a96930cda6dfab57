import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export class HttpTransportRunner {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(private readonly server: McpServer) {}

  register(app: FastifyInstance): void {
    app.post('/mcp', async (request, reply) => {
      const sessionId = request.headers['mcp-session-id'] as string | undefined;
      let transport = sessionId ? this.sessions.get(sessionId) : undefined;
      if (!transport) {
        const created = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            this.sessions.set(id, created);
          },
        });
        // mcp-isolate: the server in `this.server` is handed in through the constructor, so every connection shares the caller's instance; `new HttpTransportRunner(...)` is called by code the rewrite does not see, so the constructor is not changed: take a function that builds a server and call it per connection
        await this.server.connect(created);
        transport = created;
      }
      await transport.handleRequest(request.raw, reply.raw, request.body);
    });
  }
}
