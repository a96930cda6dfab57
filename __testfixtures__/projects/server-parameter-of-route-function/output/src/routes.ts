import type { Express, Request, Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** Mounts the MCP endpoint on an app; the desk's server is handed in by the entry point. */
export function mountDesk(app: Express, createDesk: () => McpServer): void {
  app.post('/mcp', async (req: Request, res: Response) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
    });
    const desk = createDesk();
    await desk.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}
