import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

function createMcpServer() {
  const server = new McpServer({ name: 'edge-clock', version: '1.0.0' });
  server.registerTool('now', { description: 'Current time at the edge' }, async () => ({
    content: [{ type: 'text', text: new Date().toISOString() }],
  }));

  return server;
}

// Workers / Bun style: the runtime calls fetch for every request.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== '/mcp') return new Response('not found', { status: 404 });
    const server = createMcpServer();
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    return transport.handleRequest(request);
  },
};
