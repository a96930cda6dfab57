import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type express from 'express';
import type { Gateway } from './gateway.js';

/** The older SSE gateway: one stream per client, messages posted beside it. */
export class EventStreamGateway implements Gateway {
  private readonly streams = new Map<string, SSEServerTransport>();

  constructor(
    private readonly createServer: () => McpServer,
    private readonly app: express.Express,
  ) {}

  async open(): Promise<void> {
    this.app.get('/sse', async (_req, res) => {
      const transport = new SSEServerTransport('/messages', res);
      this.streams.set(transport.sessionId, transport);
      res.on('close', () => this.streams.delete(transport.sessionId));
      const mcpServer = this.createServer();
      await mcpServer.connect(transport);
    });
    this.app.post('/messages', async (req, res) => {
      const transport = this.streams.get(String(req.query.sessionId));
      if (!transport) {
        res.status(404).end();
        return;
      }
      await transport.handlePostMessage(req, res, req.body);
    });
  }

  async shut(): Promise<void> {
    await Promise.all([...this.streams.values()].map((transport) => transport.close()));
  }
}
