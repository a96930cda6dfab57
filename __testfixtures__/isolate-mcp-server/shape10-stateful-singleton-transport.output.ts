import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createMcpServer() {
  const server = new McpServer({ name: 'notes', version: '1.0.0' });
  server.tool('list_notes', async () => ({ content: [{ type: 'text', text: '[]' }] }));

  return server;
}

const transports = new Map<string, StreamableHTTPServerTransport>();

/** The session's own transport (undefined for an unknown session), or a new transport and server for a client without one. */
async function transportFor(sessionId: string | undefined) {
  if (sessionId) return transports.get(sessionId);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id: string) => { transports.set(id, transport); }
  });
  transport.onclose = () => {
    if (transport.sessionId) transports.delete(transport.sessionId);
  };
  const mcpServer = createMcpServer();
  await mcpServer.connect(transport);
  return transport;
}

const app = express();
app.use(express.json());

app.all('/mcp', async (req, res) => {
  const transport = await transportFor(req.headers['mcp-session-id'] as string | undefined);
  if (!transport) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
    return;
  }
  await transport.handleRequest(req, res, req.body);
  if (!transport.sessionId) await transport.close();
});

app.listen(3000);
