import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const desk = new McpServer({ name: 'library-desk', version: '0.1.0' });
