import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

let cachedServer: McpServer | null = null;

/** Registering tools is slow, so build the server once. */
function getServer(): McpServer {
  if (!cachedServer) {
    cachedServer = new McpServer({ name: 'translate', version: '1.1.0' });
    cachedServer.registerTool('translate', { inputSchema: { text: z.string(), to: z.string() } }, async ({ text, to }) => ({
      content: [{ type: 'text', text: `[${to}] ${text}` }],
    }));
  }
  return cachedServer;
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const server = getServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
