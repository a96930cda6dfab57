// A start-up function builds the server and a stateless transport, connects them and
// hands back the transport; the app factory serves every request with it.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

async function openGreenhouse() {
  const server = new McpServer({ name: 'greenhouse', version: '0.4.0' });
  server.registerTool(
    'humidity',
    { description: 'Humidity of one bed', inputSchema: { bed: z.string() } },
    async ({ bed }) => ({ content: [{ type: 'text', text: `bed ${bed}: 61%` }] }),
  );
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  return transport;
}

function buildApp(createTransport: () => Promise<StreamableHTTPServerTransport>) {
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    const transport = await createTransport();
    res.on('close', () => {
      transport.close();
    });
    // Every request goes through the one transport.
    await transport.handleRequest(req, res, req.body);
  });
  return app;
}

buildApp(openGreenhouse).listen(8080);
