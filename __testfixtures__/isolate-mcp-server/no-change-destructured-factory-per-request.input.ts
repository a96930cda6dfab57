import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function buildLibrary() {
  const server = new McpServer({ name: 'library', version: '1.0.0' });
  server.tool('borrow', async () => ({ content: [{ type: 'text', text: 'due in 14 days' }] }));
  const close = () => server.close();
  return { server, close };
}

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const { server, close } = buildLibrary();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(3000);
