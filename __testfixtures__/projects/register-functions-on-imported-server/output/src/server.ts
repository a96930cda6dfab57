import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { registerMathTools } from './tools/math.js';
import { registerPrompts } from './prompts.js';

export function createMcpServer() {
  const server = new McpServer({ name: 'calculator', version: '3.0.0' });
  registerMathTools(server);
  registerPrompts(server);
  return server;
}
