import { randomUUID } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Express } from 'express';

// Each transport is connected once, to a server of its own, by its first request.
const connectedTransports = new WeakSet<object>();

async function join(server: McpServer, transport: StreamableHTTPServerTransport): Promise<void> {
  try {
    await server.connect(transport);
  } catch (error) {
    // Later requests of a session find it joined already.
    if (!(error instanceof Error && error.message.includes('already started'))) throw error;
  }
}

export function sessionRoutes(app: Express, createServer: () => McpServer): void {
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
    if (!connectedTransports.has(transport)) {
      connectedTransports.add(transport);
      await join(createServer(), transport);
    }
    await transport.handleRequest(req, res, req.body);
  });
}
