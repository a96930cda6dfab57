import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

const mode = process.argv.includes('--http') ? 'http' : 'stdio';

function createMcpServer() {
  const weather = new McpServer({ name: 'weather-desk', version: '3.2.0' }, { capabilities: { logging: {} } });

  weather.registerTool('forecast', { inputSchema: { city: z.string() } }, async ({ city }) => ({
    content: [{ type: 'text', text: `Tomorrow in ${city}: mild` }],
  }));

  return weather;
}

const weather = createMcpServer();

async function start() {
  if (mode === 'stdio') {
    await weather.connect(new StdioServerTransport());
    return;
  }
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const weather = createMcpServer();
    await weather.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(4100);
}

start().then(() => {
  if (mode === 'stdio') {
    // Anything printed would break the stdio stream: it goes out as log notifications.
    // mcp-isolate: `console.warn` is pointed at `weather`, the server connected once at start-up, so everything the process writes there goes to that one client; connections made per request have servers of their own and get none of it, and in a mode where nothing connects at start-up it reaches no client: decide by hand which client (if any) should get it
    console.warn = (text: string) => weather.sendLoggingMessage({ level: 'warning', data: text });
  }
});
