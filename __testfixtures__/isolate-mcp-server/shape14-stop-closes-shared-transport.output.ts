import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createWeatherServer(): McpServer {
  const server = new McpServer({ name: 'weather', version: '3.1.0' });
  server.tool('forecast', async () => ({ content: [{ type: 'text', text: 'sunny' }] }));
  return server;
}

const liveServers = new Set<{ close(): Promise<unknown> }>();

/** Keeps a server in `liveServers` while it is open, so that shutdown can close every open one. */
function keepLive<S extends { close(): Promise<unknown>; server: { onclose?: () => void } }>(server: S): S {
  liveServers.add(server);
  const onclose = server.server.onclose;
  server.server.onclose = () => {
    liveServers.delete(server);
    onclose?.();
  };
  return server;
}

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const weather = keepLive(createWeatherServer());
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    weather.close();
  });
  await weather.connect(transport);
  return transport.handleRequest(req, res, req.body);
});
const listener = app.listen(8080);

/** Used by the test suite to shut the service down between runs. */
export async function stop(): Promise<void> {
  await Promise.all([...liveServers].map((live) => live.close()));
  listener.close();
}
