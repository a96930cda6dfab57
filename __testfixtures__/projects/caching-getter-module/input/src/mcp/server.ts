import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export let instance: McpServer | null = null;

/** The server, built on first use. */
export function getServer(): McpServer {
  if (!instance) {
    instance = new McpServer({ name: 'translator', version: '0.9.0' });
    instance.registerTool('translate', { description: 'Translate a word', inputSchema: { word: z.string() } }, async ({ word }) => ({
      content: [{ type: 'text', text: word.split('').reverse().join('') }],
    }));
  }
  return instance;
}
