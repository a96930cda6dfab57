import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createWeatherServer(): McpServer {
  const server = new McpServer({ name: 'weather', version: '3.1.0' });
  server.tool('forecast', async () => ({ content: [{ type: 'text', text: 'sunny' }] }));
  return server;
}

const weather = createWeatherServer();
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
await weather.connect(transport);

const app = express();
app.use(express.json());
app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
const listener = app.listen(8080);

/** Used by the test suite to shut the service down between runs. */
export async function stop(): Promise<void> {
  await transport.close();
  listener.close();
}
