import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import express from 'express';

export interface BoardConfig {
  board: string;
  title: string;
}

// Users open a board and add their own tools to the server they get back.
export class BoardRegistry {
  private readonly boards = new Map<string, McpServer>();

  open(config: BoardConfig): McpServer {
    const existing = this.boards.get(config.board);
    if (existing) return existing;
    const server = new McpServer({ name: config.title, version: '0.3.0' });
    this.boards.set(config.board, server);
    return server;
  }

  find(board: string): McpServer | undefined {
    return this.boards.get(board);
  }

  async attach(board: string, transport: SSEServerTransport): Promise<void> {
    const server = this.find(board);
    if (!server) throw new Error(`unknown board ${board}`);
    await server.connect(transport);
  }
}

export function mountBoards(registry: BoardRegistry) {
  const app = express();
  const streams = new Map<string, SSEServerTransport>();
  app.get('/boards/:board/events', async (req, res) => {
    const transport = new SSEServerTransport(`/boards/${req.params.board}/post`, res);
    streams.set(transport.sessionId, transport);
    res.on('close', () => streams.delete(transport.sessionId));
    await registry.attach(req.params.board, transport);
  });
  app.post('/boards/:board/post', async (req, res) => {
    const transport = streams.get(String(req.query.sessionId));
    if (!transport) return res.status(404).end();
    await transport.handlePostMessage(req, res);
  });
  return app;
}
