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
    await tides.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return tides;
}
