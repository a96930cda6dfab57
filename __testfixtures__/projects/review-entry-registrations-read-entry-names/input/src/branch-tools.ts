import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function addBranchTools(server: McpServer, branch: string) {
  server.registerTool('opening-hours', { description: `Opening hours of ${branch}` }, async () => ({
    content: [{ type: 'text', text: `${branch}: 9 to 17` }],
  }));
}
