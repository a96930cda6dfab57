import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export interface Observatory {
  server: McpServer;
  shutdown: () => Promise<void>;
}

export function openObservatory(site: string): Observatory {
  const server = new McpServer({ name: `observatory-${site}`, version: '0.9.0' });
  server.registerTool('seeing', { description: 'Current seeing conditions' }, async () => ({
    content: [{ type: 'text', text: `${site}: 0.8 arcsec` }],
  }));
  const shutdown = async (): Promise<void> => {
    console.log(`closing ${site}`);
  };
  return { server, shutdown };
}
