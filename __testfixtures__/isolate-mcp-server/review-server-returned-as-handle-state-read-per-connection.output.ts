import type { Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

type Berths = Record<string, SSEServerTransport>;

export function mountHarbour(app: Express): McpServer {
  const harbour = new McpServer({ name: 'harbour', version: '1.0.0' });
  harbour.tool('berths', async () => ({ content: [{ type: 'text', text: 'three free' }] }));

  app.get('/harbour', async (_req, res) => {
    const transport = new SSEServerTransport('/cargo', res);
    (harbour as unknown as { _berths: Berths })._berths[transport.sessionId] = transport;
    // mcp-isolate: every connection connects the one server `harbour`, which is also returned to the caller as a handle; give each connection its own server by hand (see the marker where it is returned)
    await harbour.connect(transport);
  });

  (harbour as unknown as { _berths: Berths })._berths = {};
  // mcp-isolate: `harbour` is connected to every connection's transport and also returned to the caller as a handle; the rewrite cannot see what the caller does with it (close it at shutdown, read state stored on it, send through it). Give each connection its own server by hand: keeping `harbour` as an unconnected handle is safe only if nothing sends through it, and closing it then ends no connection, so shutdown must close each connection's server (or transport) too
  return harbour;
}
