import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export function registerPrompts(server: McpServer) {
  server.registerPrompt('explain', { description: 'Explain a result' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'Explain the last result.' } }],
  }));
}
