import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** Serves an MCP server over HTTP. The caller builds the server and hands it in. */
export class HttpRunner {
  constructor(private readonly createServer: () => McpServer) {}

  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    const mcpServer = this.createServer();
    await mcpServer.connect(transport);
    await transport.handleRequest(req, res, body);
  }
}
