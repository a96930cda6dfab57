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

  // mcp-isolate: the `atlas` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead
  return atlas;
}
