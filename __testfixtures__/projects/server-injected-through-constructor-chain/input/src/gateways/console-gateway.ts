import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Gateway } from './gateway.js';

/** One client on stdin/stdout. */
export class ConsoleGateway implements Gateway {
  constructor(private readonly server: McpServer) {}

  async open(): Promise<void> {
    await this.server.connect(new StdioServerTransport());
  }

  async shut(): Promise<void> {}
}
