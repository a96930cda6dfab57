import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerSearchTools } from './tools/search.js';
import { registerAdminTools } from './tools/admin.js';

export const mcpServer = new McpServer({ name: 'search', version: '2.1.0' });
registerSearchTools(mcpServer);
registerAdminTools(mcpServer, { readOnly: process.env.READ_ONLY === '1' });
