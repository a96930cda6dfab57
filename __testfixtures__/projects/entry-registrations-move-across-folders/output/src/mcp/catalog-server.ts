import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import lendingTools from '../tools/lending.js';
import * as shelves2 from '../tools/shelves.js';
import { registerWith } from '../tools/register.js';

// The shelves this branch always has, whatever the lending tools add.
const shelves = ['fiction', 'poetry', 'maps'];

export function createMcpServer() {
  const catalog = new McpServer({ name: 'branch-catalog', version: '2.1.0' });

  catalog.registerTool('list-shelves', { description: 'The shelves of this branch' }, async () => ({
    content: [{ type: 'text', text: shelves.join(', ') }],
  }));
  // Lending tools first: the desk lists them in this order.
  for (const tool of lendingTools) {
    registerWith(catalog, tool);
  }
  shelves2.install(catalog);
  return catalog;
}
