import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type express from 'express';

/** Stateless streamable HTTP: a transport per request. */
export class TideRelay {
  constructor(
    private readonly server: McpServer,
    private readonly app: express.Express,
    private readonly path: string,
  ) {}

  listen(): void {
    this.app.post(this.path, async (req, res) => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      res.on('close', () => void transport.close());
      await this.server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
  }
}
