import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createIndexServer(root: string): McpServer {
  const server = new McpServer({ name: 'local-index', version: '0.4.0' });
  server.tool('root', async () => ({ content: [{ type: 'text', text: root }] }));
  return server;
}

export interface Handle {
  port: number;
  stop: () => Promise<void>;
}

/** Serves the index on localhost; the caller stops it when the CLI exits. */
export async function startHttp(root: string, port: number): Promise<Handle> {
  const transports = new Map<string, StreamableHTTPServerTransport>();

  /** The session's own transport (undefined for an unknown session), or a new transport and server for a client without one. */
  async function transportFor(sessionId: string | undefined) {
    if (sessionId) return transports.get(sessionId);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => crypto.randomUUID(),
      onsessioninitialized: (id: string) => { transports.set(id, transport); }
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    const mcpServer = createIndexServer(root);
    await mcpServer.connect(transport);
    return transport;
  }

  const http = createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const transport = await transportFor(req.headers['mcp-session-id'] as string | undefined);
    if (!transport) {
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }));
      return;
    }
    await transport.handleRequest(req, res);
    if (!transport.sessionId) await transport.close();
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));

  return {
    port,
    stop: async () => {
      await Promise.all([...transports.values()].map((session) => session.close()));
      http.close();
    },
  };
}
