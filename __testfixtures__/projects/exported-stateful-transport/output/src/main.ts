import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
const transports = new Map<string, StreamableHTTPServerTransport>();

/** The session's own transport (undefined for an unknown session), or a new transport and server for a client without one. */
async function transportFor(sessionId: string | undefined) {
  if (sessionId) return transports.get(sessionId);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id: string) => { transports.set(id, transport); }
  });
  transport.onclose = () => {
    if (transport.sessionId) transports.delete(transport.sessionId);
  };
  const mcpServer = createMcpServer();
  await mcpServer.connect(transport);
  return transport;
}

function createMcpServer() {
  const server = new McpServer({ name: 'sessions', version: '1.0.0' });
  server.registerResource('motd', 'sessions://motd', {}, async (uri) => ({ contents: [{ uri: uri.href, text: 'hello' }] }));

  return server;
}

async function main() {
  createServer(async (req, res) => {
    const transport = await transportFor(req.headers['mcp-session-id'] as string | undefined);
    if (!transport) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    void transport.handleRequest(req, res);
  }).listen(7000);
}

void main();
