import { z } from 'zod';
import { server } from '../server.js';

// Shared on purpose: every session sees the same notes.
const notes: string[] = [];

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
