import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const SERVER_INFO = { name: 'per-request', version: '1.0.0' };

export function buildServer(): McpServer {
  const server = new McpServer(SERVER_INFO);
  server.registerTool('ping', { description: 'Ping' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
  return server;
}
