import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import server from './server.js';
import { startHttp } from './http.js';

server.tool('read-note', { path: z.string() }, async ({ path }) => ({
  content: [{ type: 'text', text: await readFile(path, 'utf8') }],
}));

server.tool('note-help', async () => ({
  content: [{ type: 'text', text: `Notes are read as UTF-8.
Paths are relative to ${process.cwd()}.
	(This line starts with a tab, and keeps it.)` }],
}));

startHttp(Number(process.env.PORT) || 3000);
