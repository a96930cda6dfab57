import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { tankSchema, type AddTool } from './tanks.js';

export function toolAdder(server: McpServer): AddTool {
  return (name, description, run) => {
    server.registerTool(name, { description, inputSchema: tankSchema }, async ({ tank }) => ({
      content: [{ type: 'text', text: run(tank) }],
    }));
  };
}
