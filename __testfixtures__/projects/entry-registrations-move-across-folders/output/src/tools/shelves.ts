import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function install(server: McpServer) {
  server.registerTool('shelf-of', { description: 'Which shelf holds a topic' }, async () => ({
    content: [{ type: 'text', text: `ask at the desk` }],
  }));
}
