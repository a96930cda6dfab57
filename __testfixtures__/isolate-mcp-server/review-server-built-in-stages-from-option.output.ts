import type { Server as Connect } from 'connect';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

export interface LoomOptions {
  /** Builds the server the loom serves; required, there is no default. */
  makeServer: () => Promise<McpServer>;
  decorate?: (server: McpServer) => Promise<McpServer | void>;
}

async function attach(app: Connect, server: McpServer): Promise<void> {
  const streams = new Map<string, SSEServerTransport>();
  app.use('/loom/sse', async (_req, res) => {
    const transport = new SSEServerTransport('/loom/messages', res);
    streams.set(transport.sessionId, transport);
    res.on('close', () => streams.delete(transport.sessionId));
    await server.connect(transport);
  });
  app.use('/loom/messages', async (req, res) => {
    const transport = streams.get(new URL(req.url ?? '', 'http://loom').searchParams.get('sessionId') ?? '');
    if (transport) await transport.handlePostMessage(req, res);
    else res.writeHead(404).end();
  });
}

export function loom(options: LoomOptions) {
  return {
    async install(app: Connect) {
      // mcp-isolate: `server` is built in stages, starting from `options.makeServer()`, which the rewrite cannot see build a new server on each call; build it per connection by hand
      let server = await options.makeServer();
      server = (await options.decorate?.(server)) || server;
      await attach(app, server);
    },
  };
}
