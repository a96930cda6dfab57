import express, { type Request, type Response } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const server = new McpServer(
  { name: 'weather', version: '0.3.0' },
  { capabilities: { logging: {} } },
);

const forecasts = new Map<string, string>([['paris', 'sunny']]);

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

const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
  sessionIdGenerator: undefined, // stateless
  enableJsonResponse: true,
});

const app = express();
app.use(express.json());

app.post('/mcp', async (req: Request, res: Response) => {
  try {
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    console.error('MCP request failed', error);
    if (!res.headersSent) res.status(500).end();
  }
});

await server.connect(transport);

app.listen(Number(process.env.PORT ?? 3000));
