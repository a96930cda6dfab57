import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

function buildServer() {
  const server = new McpServer({ name: 'bun-sessions', version: '0.2.0' });
  server.tool('hello', async () => ({ content: [{ type: 'text', text: 'hello' }] }));
  return server;
}

const server = buildServer();
const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: () => crypto.randomUUID() });
server.connect(transport);

Bun.serve({
  port: 3000,
  fetch(request) {
    return transport.handleRequest(request);
  },
});
