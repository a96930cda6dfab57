import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { readFile } from 'node:fs/promises';
import { z } from 'zod';

function createMcpServer() {
  const server = new McpServer({ name: 'note-reader', version: '0.3.0' });

  server.tool('read-note', { path: z.string() }, async ({ path }) => ({
    content: [{ type: 'text', text: await readFile(path, 'utf8') }],
  }));
  server.tool('note-help', async () => ({
    content: [{ type: 'text', text: `Notes are read as UTF-8.
Paths are relative to ${process.cwd()}.
	(This line starts with a tab, and keeps it.)` }],
  }));
  return server;
}

export default createMcpServer;
