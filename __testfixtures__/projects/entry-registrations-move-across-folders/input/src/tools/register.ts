import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isbnSchema, type BookTool } from './lending.js';

export function registerWith(server: McpServer, tool: BookTool) {
  server.registerTool(tool.name, { description: tool.description, inputSchema: isbnSchema }, async ({ isbn }) => ({
    content: [{ type: 'text', text: tool.run(isbn) }],
  }));
}
