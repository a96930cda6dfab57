import { z } from 'zod';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

// Shared on purpose: every session sees the same notes.
const notes: string[] = [];

export function registerNotes(server: McpServer) {
  server.registerTool(
    'add-note',
    { description: 'Add a note', inputSchema: { text: z.string() } },
    async ({ text }) => {
      notes.push(text);
      return { content: [{ type: 'text', text: `${notes.length} notes` }] };
    },
  );

  server.registerTool('list-notes', { description: 'List the notes' }, async () => ({
    content: [{ type: 'text', text: notes.join('\n') }],
  }));
}
