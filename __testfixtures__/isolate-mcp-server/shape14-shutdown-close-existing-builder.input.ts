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

const recipes = buildRecipeServer(servings);
const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
await recipes.connect(transport);

app.post('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});

const listener = app.listen(3030);

// Ctrl-C: stop serving MCP, then stop listening.
process.on('SIGINT', async () => {
  await recipes.close();
  listener.close();
  process.exit(0);
});
