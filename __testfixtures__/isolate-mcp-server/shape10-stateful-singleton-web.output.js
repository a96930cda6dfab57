import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

function buildServer() {
  const server = new McpServer({ name: 'bun-sessions', version: '0.2.0' });
  server.tool('hello', async () => ({ content: [{ type: 'text', text: 'hello' }] }));
  return server;
}

const transports = new Map();

/** The session's own transport (undefined for an unknown session), or a new transport and server for a client without one. */
async function transportFor(sessionId) {
  if (sessionId) return transports.get(sessionId);
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => { transports.set(id, transport); }
  });
  transport.onclose = () => {
    if (transport.sessionId) transports.delete(transport.sessionId);
  };
  const mcpServer = buildServer();
  await mcpServer.connect(transport);
  return transport;
}

Bun.serve({
  port: 3000,
  async fetch(request) {
    const transport = await transportFor(request.headers.get('mcp-session-id') ?? undefined);
    if (!transport) {
      return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }), { status: 404, headers: { 'Content-Type': 'application/json' } });
    }
    return transport.handleRequest(request);
  },
});
