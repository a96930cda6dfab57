import type { Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function buildLibraryServer(shelves: string[]): McpServer {
  const server = new McpServer({ name: 'library', version: '2.2.0' });
  server.tool('shelves', async () => ({ content: [{ type: 'text', text: shelves.join(', ') }] }));
  return server;
}

export function mountLibrary(app: Express, shelves: string[]): McpServer {
  const library = buildLibraryServer(shelves);
  const readers: Record<string, SSEServerTransport> = {};

  app.get('/reading-room', async (_req, res) => {
    const transport = new SSEServerTransport('/loans', res);
    readers[transport.sessionId] = transport;
    res.on('close', () => delete readers[transport.sessionId]);
    // mcp-isolate: every connection connects the one server `library`, which is also returned to the caller as a handle; give each connection its own server by hand (see the marker where it is returned)
    await library.connect(transport);
  });

  app.post('/loans', async (req, res) => {
    const transport = readers[String(req.query.sessionId)];
    if (transport) await transport.handlePostMessage(req, res);
    else res.status(404).end();
  });

  (library as unknown as { _readers: typeof readers })._readers = readers;
  // mcp-isolate: `library` is connected to every connection's transport and also returned to the caller as a handle; the rewrite cannot see what the caller does with it (close it at shutdown, read state stored on it, send through it). Give each connection its own server by hand: keeping `library` as an unconnected handle is safe only if nothing sends through it, and closing it then ends no connection, so shutdown must close each connection's server (or transport) too
  return library;
}

export async function unmountLibrary(library: McpServer): Promise<void> {
  const readers = (library as unknown as { _readers?: Record<string, SSEServerTransport> })._readers ?? {};
  for (const transport of Object.values(readers)) await transport.close();
  await library.close();
}
