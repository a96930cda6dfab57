import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
export interface TidePluginOptions {
  tideServer: McpServer;
  prefix?: string;
}
