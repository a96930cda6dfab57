import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function addBookTool(server: McpServer) {
  server.registerTool('add-book', { description: 'Add a book to the shelf', inputSchema: { isbn: z.string() } }, async ({ isbn }) => ({
    content: [{ type: 'text', text: `shelved ${isbn}` }],
  }));
}
