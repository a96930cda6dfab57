import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import express from 'express';

function buildForecastServer(region: string): McpServer {
  const server = new McpServer({ name: 'forecast', version: '1.4.0' });
  server.registerTool('outlook', { description: 'Three-day outlook' }, async () => ({
    content: [{ type: 'text', text: `Dry and mild along the ${region}` }],
  }));
  return server;
}

// The routes take their server and session table in one options object.
function forecastRoutes(params: {
  server: McpServer;
  sessions: Map<string, StreamableHTTPServerTransport>;
}) {
  const { server, sessions } = params;
  const router = express.Router();
  const joined = new WeakSet<StreamableHTTPServerTransport>();

  // Every request of a session comes through here; only its first one connects.
  async function join(transport: StreamableHTTPServerTransport): Promise<void> {
    if (!joined.has(transport)) {
      await server.connect(transport);
      joined.add(transport);
    }
  }

  router.post('/mcp', async (req, res) => {
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
    await join(transport);
    await transport.handleRequest(req, res, req.body);
  });

  router.get('/mcp', async (req, res) => {
    const transport = sessions.get(req.header('mcp-session-id') ?? '');
    if (!transport) {
      res.status(404).end();
      return;
    }
    await join(transport);
    await transport.handleRequest(req, res);
  });

  return router;
}

const app = express();
app.use(express.json());
const server = buildForecastServer('coast');
app.use(forecastRoutes({ server, sessions: new Map() }));
app.listen(3000);
