import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { randomUUID } from 'node:crypto';

interface Recipe {
  title: string;
  steps: string[];
}

// One instance per kitchen; the stdio path keeps `this.pantry`, HTTP sessions each build their own.
export class KitchenServer {
  protected readonly pantry: McpServer;
  private readonly recipes: Recipe[];
  private readonly open: Record<string, StreamableHTTPServerTransport> = {};

  constructor(recipes: Recipe[]) {
    this.recipes = recipes;
    this.pantry = this.stockServer();
  }

  private stockServer(): McpServer {
    const server = new McpServer({ name: 'kitchen', version: '2.1.0' });
    for (const recipe of this.recipes) {
      server.tool(`cook-${recipe.title}`, async () => ({
        content: [{ type: 'text' as const, text: recipe.steps.join('\n') }],
      }));
    }
    return server;
  }

  async attach(transport: Transport): Promise<void> {
    await this.pantry.connect(transport);
    console.error('kitchen attached');
  }

  async serve(port: number): Promise<void> {
    const app = express();
    app.use(express.json());
    app.post('/mcp', async (req, res) => {
      const id = req.headers['mcp-session-id'] as string | undefined;
      let transport = id ? this.open[id] : undefined;
      if (!transport && isInitializeRequest(req.body)) {
        const fresh = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (sid) => {
            this.open[sid] = fresh;
          },
        });
        fresh.onclose = () => {
          if (fresh.sessionId) delete this.open[fresh.sessionId];
        };
        const sessionServer = this.stockServer();
        await sessionServer.connect(fresh);
        transport = fresh;
      }
      if (!transport) {
        res.status(400).send('no session');
        return;
      }
      await transport.handleRequest(req, res, req.body);
    });
    app.listen(port);
  }
}
