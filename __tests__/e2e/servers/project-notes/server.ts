// The one server of the process, exported for the other modules.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const server = new McpServer({ name: 'project-notes', version: '1.0.0' });
