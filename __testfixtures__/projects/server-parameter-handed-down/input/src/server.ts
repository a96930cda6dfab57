import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const tides = new McpServer({ name: 'tide-tables', version: '0.4.0' });

tides.registerTool('high-water', { description: 'Next high water at the harbour' }, async () => ({
  content: [{ type: 'text', text: 'High water at 14:32 (4.1 m)' }],
}));
