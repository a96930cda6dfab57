import { z } from 'zod';
import { server } from '../server.js';

// Kept for the whole process on purpose.
const notes = new Map<string, string>();

server.registerTool('save_note', { description: 'Save a note for a user', inputSchema: { user: z.string(), text: z.string() } }, async ({ user, text }) => {
  notes.set(user, text);
  return { content: [{ type: 'text', text: `saved for ${user}` }] };
});
