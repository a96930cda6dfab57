import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { audit } from './audit.js';

export function createCatalogServer(): McpServer {
  const server = new McpServer({ name: 'seed-catalog', version: '0.9.0' }, { capabilities: { logging: {} } });
  audit.attachServer(server);
  server.registerTool('germination', { description: 'Days until sprouting' }, async () => {
    await audit.note('germination looked up');
    return { content: [{ type: 'text', text: 'Tomato: 6 to 10 days' }] };
  });
  return server;
}
