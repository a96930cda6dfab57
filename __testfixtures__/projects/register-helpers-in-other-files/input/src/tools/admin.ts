import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function registerAdminTools(server: McpServer, options: { readOnly: boolean }) {
  if (options.readOnly) return;
  server.registerTool('reset', { description: 'Reset the index' }, async () => ({ content: [{ type: 'text', text: 'reset' }] }));
}
