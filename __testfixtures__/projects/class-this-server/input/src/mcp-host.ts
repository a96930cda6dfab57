import type { IncomingMessage, ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export class McpHost {
  private server: McpServer;
  private requests = 0;

  constructor(private readonly greeting: string) {
    this.server = new McpServer({ name: 'greeter', version: '1.0.0' });
    this.server.registerTool('greet', { description: 'Greet someone', inputSchema: { name: z.string() } }, async ({ name }) => ({
      content: [{ type: 'text', text: `${this.greeting}, ${name}` }],
    }));
  }

  /** Serves one HTTP request. */
  async handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    this.requests++;
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
    });
    await this.server.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  get handled(): number {
    return this.requests;
  }
}
