import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { addBookTool } from './add-book-tool.js';

export function createMcpServer() {
  const desk = new McpServer({ name: 'library-desk', version: '0.1.0' });
  addBookTool(desk);
  return desk;
}
