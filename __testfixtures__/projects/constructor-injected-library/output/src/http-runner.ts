import type { IncomingMessage, ServerResponse } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** Serves an MCP server over HTTP. The caller builds the server and hands it in. */
export class HttpRunner {
  constructor(private readonly server: McpServer) {}

  async handle(req: IncomingMessage, res: ServerResponse, body?: unknown): Promise<void> {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    // mcp-isolate: the server in `this.server` is handed in through the constructor, so every connection shares the caller's instance; `new HttpRunner(...)` is part of the package's public API, so it is not changed: take a function that builds a server and call it per connection
    await this.server.connect(transport);
    await transport.handleRequest(req, res, body);
  }
}
