import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Server as Connect } from 'connect';

/** The part of the dev server the plugin needs. */
export interface DevServer {
  root: string;
  middlewares: Connect;
}

export interface LanternOptions {
  /** Where the MCP endpoints are mounted. */
  base?: string;
  /** Builds the MCP server; the default serves the project's lint results. */
  buildServer?: (dev: DevServer) => McpServer | Promise<McpServer>;
  /** Adds tools to the server, or returns a server to use instead. */
  extend?: (server: McpServer, dev: DevServer) => void | McpServer | Promise<void | McpServer>;
}

export interface DevPlugin {
  name: string;
  configureServer(dev: DevServer): Promise<void>;
}
