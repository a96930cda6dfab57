import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

export interface HallOptions {
  hall: string;
  version?: string;
}

/** Keeps one server per hall; callers register their own tools on it. */
export class LectureHalls {
  private halls: Map<string, McpServer> = new Map();

  declare(options: HallOptions): McpServer {
    let server = this.halls.get(options.hall);
    if (!server) {
      server = new McpServer({ name: `hall-${options.hall}`, version: options.version ?? '1.0.0' });
      this.halls.set(options.hall, server);
    }
    return server;
  }

  serverFor(hall: string): McpServer | undefined {
    return this.halls.get(hall);
  }

  async open(hall: string, transport: SSEServerTransport): Promise<boolean> {
    const server = this.serverFor(hall);
    if (!server) return false;
    // mcp-isolate: `LectureHalls.serverFor()` returns a server that the exported class `LectureHalls` keeps and hands to its users (`declare()`, `serverFor()`), who configure it; every connection shares it, and building one per connection changes that public API: take a set-up function from the users and build the server per connection
    await server.connect(transport);
    return true;
  }
}
