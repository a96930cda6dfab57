import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function createMcpServer() {
  const server = new McpServer({ name: 'inventory', version: '0.3.0' });

  server.registerResource('stock', 'inventory://stock', { mimeType: 'application/json' }, async (uri) => ({
    contents: [{ uri: uri.href, text: JSON.stringify({ apples: 3 }) }],
  }));
  return server;
}
