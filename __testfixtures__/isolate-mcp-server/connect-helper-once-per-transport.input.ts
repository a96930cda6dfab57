import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';

const sessions = new Map<string, StreamableHTTPServerTransport>();

// Called on every request of a session; the repeat connect fails and is ignored.
async function attach(server: McpServer, transport: StreamableHTTPServerTransport): Promise<void> {
  try {
    await server.connect(transport);
  } catch (error) {
    if (error instanceof Error && error.message.includes('already started')) return;
    throw error;
  }
}

function tideServer(): McpServer {
  const server = new McpServer({ name: 'tides', version: '3.1.0' });
  server.registerTool('high-water', { description: 'Next high water' }, async () => ({
    content: [{ type: 'text', text: '14:32 at the harbour mouth' }],
  }));
  return server;
}

function mountTides(app: express.Express, server: McpServer): void {
  app.post('/mcp', async (req, res) => {
    const id = req.header('mcp-session-id');
    let transport = id ? sessions.get(id) : undefined;
    if (!transport) {
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, created);
        },
      });
      transport = created;
    }
    await attach(server, transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.get('/mcp', async (req, res) => {
    const transport = sessions.get(req.header('mcp-session-id') ?? '');
    if (!transport) {
      res.status(404).end();
      return;
    }
    await attach(server, transport);
    await transport.handleRequest(req, res);
  });
}

const app = express();
app.use(express.json());
mountTides(app, tideServer());
app.listen(3000);
