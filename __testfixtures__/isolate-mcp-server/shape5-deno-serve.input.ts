import { McpServer } from 'npm:@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

const kv = await Deno.openKv();
const server = new McpServer({ name: 'kv-notes', version: '0.1.0' });
server.tool('count_notes', async () => {
  let count = 0;
  for await (const _ of kv.list({ prefix: ['notes'] })) count++;
  return { content: [{ type: 'text', text: String(count) }] };
});

const transport = new WebStandardStreamableHTTPServerTransport();
await server.connect(transport);

Deno.serve({ port: 8000 }, (request) => transport.handleRequest(request));
