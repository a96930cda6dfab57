import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** The kit's server: applications add their own tools to it. */
export const server = new McpServer({ name: 'acme-kit', version: '1.2.0' });
