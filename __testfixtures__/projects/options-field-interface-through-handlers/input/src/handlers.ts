import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Request, Response } from 'express';

// A session's transport is looked up on every request; it joins the catalog server once.
export function sessionHandler(catalog: McpServer, sessions: Map<string, StreamableHTTPServerTransport>) {
  const joined = new WeakSet<StreamableHTTPServerTransport>();
  return async (req: Request, res: Response): Promise<void> => {
    const transport = sessions.get(req.header('mcp-session-id') ?? '');
    if (!transport) {
      res.status(404).json({ error: 'unknown session' });
      return;
    }
    if (!joined.has(transport)) {
      await catalog.connect(transport);
      joined.add(transport);
    }
    await transport.handleRequest(req, res, req.body);
  };
}
