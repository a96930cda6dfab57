import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const desk = new McpServer({ name: 'branch-desk', version: '1.0.0' });
