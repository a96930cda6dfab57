import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';
import { randomUUID } from 'node:crypto';

class Greenhouse {
  private readonly station: McpServer;

  constructor(private readonly plants: string[]) {
    this.station = this.plantServer();
  }

  plantServer(): McpServer {
    const server = new McpServer({ name: 'greenhouse', version: '0.4.0' });
    server.tool('list-plants', async () => ({ content: [{ type: 'text' as const, text: this.plants.join(', ') }] }));
    return server;
  }

  async attach(transport: Transport): Promise<void> {
    // mcp-isolate: the server kept on `this.station` is connected to every connection's transport; give each connection its own server (build it per connection, or keep a factory instead of an instance)
    await this.station.connect(transport);
  }
}

const greenhouse = new Greenhouse(['fern', 'basil']);
const beds: Record<string, StreamableHTTPServerTransport> = {};
const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const id = req.headers['mcp-session-id'] as string | undefined;
  let transport = id ? beds[id] : undefined;
  if (!transport && isInitializeRequest(req.body)) {
    const fresh = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (sid) => {
        beds[sid] = fresh;
      },
    });
    await greenhouse.attach(fresh);
    transport = fresh;
  }
  if (!transport) {
    res.status(400).send('no session');
    return;
  }
  await transport.handleRequest(req, res, req.body);
});

app.post('/mcp-direct', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const server = greenhouse.plantServer();
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
