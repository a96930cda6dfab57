import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { DevServer, LanternOptions } from './types.js';

export function createDefaultServer(options: LanternOptions, dev: DevServer): McpServer {
  const server = new McpServer({ name: 'lantern', version: '1.2.0' });
  server.registerTool('project_root', { description: 'Where the dev server serves from' }, async () => ({
    content: [{ type: 'text', text: dev.root }],
  }));
  server.registerTool('mount_point', { description: 'Where the MCP endpoints live' }, async () => ({
    content: [{ type: 'text', text: options.base ?? '/__lantern' }],
  }));
  return server;
}
