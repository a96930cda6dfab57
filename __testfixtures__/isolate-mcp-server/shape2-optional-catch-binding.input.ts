import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'json-tools', version: '1.0.0' });
server.tool('parse', async () => {
  let parsed: unknown;
  try {
    parsed = JSON.parse('{"ok":true}');
  } catch {
    parsed = null;
  }
  return { content: [{ type: 'text', text: JSON.stringify(parsed) }] };
});

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  let transport: StreamableHTTPServerTransport | undefined;
  try {
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch {
    if (!res.headersSent) res.status(500).end();
  }
});
app.listen(3000);
