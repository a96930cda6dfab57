import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'notes', version: '1.0.0' });
server.tool('list_notes', async () => ({ content: [{ type: 'text', text: '[]' }] }));

// Sessions are on, but there is only one transport: the second client can never initialise.
const transport = new StreamableHTTPServerTransport({
  sessionIdGenerator: () => randomUUID(),
  enableJsonResponse: true,
});
await server.connect(transport);

const app = express();
app.use(express.json());

app.all('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
