// node:http with the connected transport's handleRequest bound as the whole handler.
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export async function bootMetronome(bpm: number) {
  const metronome = new McpServer({ name: 'metronome', version: '3.1.0' });
  metronome.registerTool('tempo', { description: 'Current tempo' }, async () => ({
    content: [{ type: 'text', text: `${bpm} bpm` }],
  }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await metronome.connect(transport);
  return transport;
}

const transport = await bootMetronome(120);
createServer(transport.handleRequest.bind(transport)).listen(9090);
