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
    const library = buildLibraryServer(shelves);
    await library.connect(transport);
  });

  app.post('/loans', async (req, res) => {
    const transport = readers[String(req.query.sessionId)];
    if (transport) await transport.handlePostMessage(req, res);
    else res.status(404).end();
  });

  (library as unknown as { _readers: typeof readers })._readers = readers;
  // mcp-isolate: the `library` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead
  return library;
}

export async function unmountLibrary(library: McpServer): Promise<void> {
  const readers = (library as unknown as { _readers?: Record<string, SSEServerTransport> })._readers ?? {};
  for (const transport of Object.values(readers)) await transport.close();
  await library.close();
}
