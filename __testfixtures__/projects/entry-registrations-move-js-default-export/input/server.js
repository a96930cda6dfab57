import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

const server = new McpServer({ name: 'note-reader', version: '0.3.0' });

export default server;
