import type { Express } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { buildAtlas } from './atlas.js';

/** Serves the atlas to SSE clients; returns the server so the caller can close it. */
export function mountAtlas(app: Express, region: string): McpServer {
  const atlas = buildAtlas(region);
  const streams = new Map<string, SSEServerTransport>();

  app.get('/atlas/events', async (_req, res) => {
    const transport = new SSEServerTransport('/atlas/messages', res);
    streams.set(transport.sessionId, transport);
    res.on('close', () => {
      streams.delete(transport.sessionId);
    });
    const atlas = buildAtlas(region);
    await atlas.connect(transport);
  });

  app.post('/atlas/messages', async (req, res) => {
    const transport = streams.get(String(req.query.sessionId));
    if (!transport) {
      res.status(404).send('unknown stream');
      return;
    }
    await transport.handlePostMessage(req, res, req.body);
  });

  // Kept on the server, so whoever closes it can end the streams too.
  (atlas as unknown as { _streams: typeof streams })._streams = streams;
  return atlas;
}

/** Ends every open stream, then the atlas itself. */
export async function closeAtlas(atlas: McpServer): Promise<void> {
  const streams = (atlas as unknown as { _streams?: Map<string, SSEServerTransport> })._streams;
  for (const transport of streams?.values() ?? []) await transport.close();
  await atlas.close();
}
