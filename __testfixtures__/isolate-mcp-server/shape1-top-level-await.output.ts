import express, { type Request, type Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const forecasts = new Map<string, string>([['paris', 'sunny']]);

function createMcpServer() {
  const server = new McpServer(
    { name: 'weather', version: '0.3.0' },
    { capabilities: { logging: {} } },
  );

  /**
   * The forecast tool.
   * A JSDoc block that must travel with the registration.
   */
  server.tool('forecast', { city: z.string() }, async ({ city }) => ({
    content: [{ type: 'text', text: forecasts.get(city) ?? 'unknown' }],
  }));

  // A resource and a prompt, in that order.
  server.resource('cities', 'weather://cities', async (uri) => ({
    contents: [{ uri: uri.href, text: [...forecasts.keys()].join('\n') }],
  }));
  server.prompt('plan-trip', { city: z.string() }, ({ city }) => ({
    messages: [{ role: 'user', content: { type: 'text', text: `Plan a trip to ${city}` } }],
  }));

  return server;
}

const app = express();
app.use(express.json());

app.post('/mcp', async (req: Request, res: Response) => {
  try {
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined, // stateless
      enableJsonResponse: true,
    });
    res.on('close', () => {
      transport.close();
      server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('MCP request failed', error);
    if (!res.headersSent) res.status(500).end();
  }
});

app.listen(Number(process.env.PORT ?? 3000));
