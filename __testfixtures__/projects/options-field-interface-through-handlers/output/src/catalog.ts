import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { audit } from './audit.js';

export function createCatalogServer(): McpServer {
  const server = new McpServer({ name: 'seed-catalog', version: '0.9.0' }, { capabilities: { logging: {} } });
  // mcp-isolate: `audit.attachServer(server)` hands each new server to `audit`, one object for the whole process: it keeps whichever server was built last and sends what it gets to that server's client, whatever request it is about; decide by hand which server (if any) it should use for each request
  audit.attachServer(server);
  server.registerTool('germination', { description: 'Days until sprouting' }, async () => {
    await audit.note('germination looked up');
    return { content: [{ type: 'text', text: 'Tomato: 6 to 10 days' }] };
  });
  return server;
}
