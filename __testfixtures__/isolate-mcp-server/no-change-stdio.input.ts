#!/usr/bin/env node
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

// A stdio server has exactly one client for its whole life: nothing to isolate.
const server = new McpServer({ name: 'files', version: '1.0.0' });

server.tool('read', { path: z.string() }, async ({ path }) => ({
  content: [{ type: 'text', text: `would read ${path}` }],
}));

async function main() {
  const transport = new StdioServerTransport();
  await server.connect(transport);
  console.error('files server running on stdio');
}

setInterval(() => server.sendLoggingMessage({ level: 'debug', data: 'alive' }), 10_000);

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
