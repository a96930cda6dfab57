// A builder that creates the server and a stateless transport and connects them;
// it is called once, and the transport is handed to the app's factory.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

async function startMcp() {
  const server = new McpServer({ name: 'ferry-times', version: '1.2.0' });
  registerWhoami(server);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  return transport;
}

function createApp({ mcpTransport }: { mcpTransport: StreamableHTTPServerTransport }) {
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    await mcpTransport.handleRequest(req, res, req.body);
  });
  return app;
}

const mcpTransport = await startMcp();
createApp({ mcpTransport }).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
