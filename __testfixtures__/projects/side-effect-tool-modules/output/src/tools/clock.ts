import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function registerClock(server: McpServer) {
  server.registerTool('now', { description: 'The time on the server' }, async () => ({
    content: [{ type: 'text', text: new Date().toISOString() }],
  }));
}
