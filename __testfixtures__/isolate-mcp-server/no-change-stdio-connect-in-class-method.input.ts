import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

// A runner handed a server by its owner; `start()` is called from outside, but stdio is one client per process.
export class TerminalRunner {
  constructor(private readonly server: McpServer) {}

  async start(): Promise<void> {
    const pipe = new StdioServerTransport();
    await this.server.connect(pipe);
    console.error('listening on stdin');
  }

  async stop(): Promise<void> {
    await this.server.close();
  }
}
