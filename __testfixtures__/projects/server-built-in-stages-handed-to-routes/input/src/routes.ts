import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { DevServer } from './types.js';

/** One SSE stream per editor window, messages posted beside it. */
export async function mountRoutes(base: string, server: McpServer, dev: DevServer): Promise<void> {
  const streams = new Map<string, SSEServerTransport>();

  dev.middlewares.use(`${base}/sse`, async (_req, res) => {
    const transport = new SSEServerTransport(`${base}/messages`, res);
    streams.set(transport.sessionId, transport);
    res.on('close', () => {
      streams.delete(transport.sessionId);
    });
    await server.connect(transport);
  });

  dev.middlewares.use(`${base}/messages`, async (req, res) => {
    const id = new URL(req.url ?? '', 'http://localhost').searchParams.get('sessionId') ?? '';
    const transport = streams.get(id);
    if (!transport) {
      res.statusCode = 404;
      res.end('unknown session');
      return;
    }
    await transport.handlePostMessage(req, res);
  });
}
