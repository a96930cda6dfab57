import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPTransport } from '@hono/mcp';

const app = new Hono();

function buildServer() {
  const server = new McpServer({ name: 'dice', version: '2.0.0' });
  server.tool('roll', async () => ({
    content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * 6)) }],
  }));
  return server;
}

// One instance for the whole worker: cheap, but every client shares it.
const server = buildServer();
const transport = new StreamableHTTPTransport();
let connected = false;

app.post('/mcp', async (c) => {
  if (!connected) {
    await server.connect(transport);
    connected = true;
  }
  return transport.handleRequest(c);
});

app.get('/health', (c) => c.text('ok'));

export default app;
