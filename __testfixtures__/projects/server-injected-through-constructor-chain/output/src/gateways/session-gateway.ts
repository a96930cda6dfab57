import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type express from 'express';
import type { Gateway } from './gateway.js';

/** Streamable HTTP with sessions. */
export class SessionGateway implements Gateway {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(
    private createServer: () => McpServer,
    private app: express.Express,
    private path: string,
  ) {}

  async open(): Promise<void> {
    this.app.post(this.path, async (req, res) => {
      const id = req.header('mcp-session-id');
      let transport = id ? this.sessions.get(id) : undefined;
      if (!transport) {
        transport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            this.sessions.set(sid, transport!);
          },
        });
        const mcpServer = this.createServer();
        await mcpServer.connect(transport);
      }
      await transport.handleRequest(req, res, req.body);
    });
    this.app.get(this.path, async (req, res) => {
      const transport = this.sessions.get(req.header('mcp-session-id') ?? '');
      if (!transport) {
        res.status(404).end();
        return;
      }
      await transport.handleRequest(req, res);
    });
  }

  async shut(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((transport) => transport.close()));
    this.sessions.clear();
  }
}
