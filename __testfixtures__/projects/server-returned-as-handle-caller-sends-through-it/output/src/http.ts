import type { Express } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { buildTides } from './tides.js';

/** Answers each POST with a transport of its own; returns the server for the caller. */
export function serveTides(app: Express, port: string): McpServer {
  const tides = buildTides(port);
  app.post('/tides/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
    });
    const tides = buildTides(port);
    await tides.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // mcp-isolate: the `tides` returned here is built once and is no longer connected to any client: each connection now gets its own server. Closing it ends no connection (close each connection's transport for that); if the caller uses it for more than closing (notifications, logging, sending to clients), send those to each connection's live server instead
  return tides;
}
