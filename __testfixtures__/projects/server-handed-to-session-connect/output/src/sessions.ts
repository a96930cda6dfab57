import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Express } from 'express';

async function join(server: McpServer, transport: StreamableHTTPServerTransport): Promise<void> {
  try {
    await server.connect(transport);
  } catch (error) {
    // Later requests of a session find it joined already.
    if (!(error instanceof Error && error.message.includes('already started'))) throw error;
  }
}

export function sessionRoutes(app: Express, server: McpServer): void {
  const open = new Map<string, StreamableHTTPServerTransport>();
  app.post('/mcp', async (req, res) => {
    const id = req.header('mcp-session-id');
    let transport = id ? open.get(id) : undefined;
    if (!transport && isInitializeRequest(req.body)) {
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          open.set(sessionId, transport as StreamableHTTPServerTransport);
        },
      });
    }
    if (!transport) {
      res.status(400).json({ error: 'no session' });
      return;
    }
    // mcp-isolate: `server` is handed to a function that connects it, on every request, to a transport not made for that request (one kept across requests, such as a session's); connect a new server once per transport, when it is created, instead of on each request
    await join(server, transport);
    await transport.handleRequest(req, res, req.body);
  });
}
