import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const index = ['alpha', 'beta', 'gamma'];

export function registerSearchTools(server: McpServer) {
  server.registerTool('search', { description: 'Search the index', inputSchema: { q: z.string() } }, async ({ q }) => ({
    content: [{ type: 'text', text: index.filter((entry) => entry.includes(q)).join(', ') }],
  }));
}
