import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { registerNotes } from './tools/notes.js';
import { registerClock } from './tools/clock.js';

export function createMcpServer() {
  const server = new McpServer({ name: 'notes', version: '1.0.0' }, { capabilities: { logging: {} } });
  registerNotes(server);
  registerClock(server);
  return server;
}
