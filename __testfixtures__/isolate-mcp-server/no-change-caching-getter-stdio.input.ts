import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

let server: McpServer | undefined;

// A cache is harmless when the only transport is stdio: one process, one client.
export function getServer(): McpServer {
  if (!server) {
    server = new McpServer({ name: 'cli', version: '1.0.0' });
    server.tool('status', async () => ({ content: [{ type: 'text', text: 'ok' }] }));
  }
  return server;
}

const transport = new StdioServerTransport();
if (!getServer().isConnected()) await getServer().connect(transport);
