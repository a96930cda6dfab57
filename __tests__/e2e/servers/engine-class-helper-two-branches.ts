// A class that builds its server in the constructor, registers tools in a helper
// method, and connects in two places: a new streamable HTTP session and a new SSE stream.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { registerWhoami } from './whoami-tool.js';

class Observatory {
  private readonly server: McpServer;
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();
  private readonly streams = new Map<string, SSEServerTransport>();

  constructor() {
    this.server = new McpServer({ name: 'observatory', version: '3.0.0' });
    this.addTools();
  }

  private addTools(): void {
    registerWhoami(this.server);
  }

  async onPost(req: Request, res: Response): Promise<void> {
    const sessionId = req.headers['mcp-session-id'] as string | undefined;
    const known = sessionId ? this.sessions.get(sessionId) : undefined;
    if (known) {
      await known.handleRequest(req, res, req.body);
      return;
    }
    if (!isInitializeRequest(req.body)) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null });
      return;
    }
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        this.sessions.set(id, transport);
      },
    });
    await this.server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  async onSse(_req: Request, res: Response): Promise<void> {
    const transport = new SSEServerTransport('/messages', res);
    this.streams.set(transport.sessionId, transport);
    res.on('close', () => this.streams.delete(transport.sessionId));
    await this.server.connect(transport);
  }

  async onMessage(req: Request, res: Response): Promise<void> {
    const transport = this.streams.get(String(req.query.sessionId));
    if (!transport) {
      res.status(404).end();
      return;
    }
    await transport.handlePostMessage(req, res, req.body);
  }
}

const observatory = new Observatory();
const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => observatory.onPost(req, res));
app.get('/sse', (req, res) => observatory.onSse(req, res));
app.post('/messages', (req, res) => observatory.onMessage(req, res));
app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
