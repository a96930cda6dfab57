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

/** The session's own transport, or a new transport and server for a client that is initialising. */
async function transportFor(sessionId: string | undefined) {
  const existing = sessionId ? transports.get(sessionId) : undefined;
  if (existing) return existing;
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
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
