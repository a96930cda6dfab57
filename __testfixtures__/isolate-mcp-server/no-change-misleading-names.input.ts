import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// Despite the names: `createServer` builds the express app, `createMcpServer`
// returns a fresh server and transport on every call, and both are used correctly.
function createMcpServer() {
  const server = new McpServer({ name: 'names', version: '1.0.0' });
  server.tool('hello', async () => ({ content: [{ type: 'text', text: 'hi' }] }));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  return { server, transport };
}

function createServer() {
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    const { server, transport } = createMcpServer();
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return app;
}

const app = createServer();
app.listen(3000);
