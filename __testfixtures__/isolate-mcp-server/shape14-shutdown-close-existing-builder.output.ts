import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** The recipe book: one tool that scales a recipe. */
function buildRecipeServer(servings: number): McpServer {
  const server = new McpServer({ name: 'recipes', version: '0.9.0' });
  server.tool('scale', async () => ({ content: [{ type: 'text', text: `for ${servings}` }] }));
  return server;
}

const servings = Number(process.env.SERVINGS ?? 4);
const app = express();
app.use(express.json());

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

app.post('/mcp', async (req, res) => {
  const recipes = keepLive(buildRecipeServer(servings));
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    recipes.close();
  });
  await recipes.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

const listener = app.listen(3030);

// Ctrl-C: stop serving MCP, then stop listening.
process.on('SIGINT', async () => {
  await Promise.all([...liveServers].map((live) => live.close()));
  listener.close();
  process.exit(0);
});
