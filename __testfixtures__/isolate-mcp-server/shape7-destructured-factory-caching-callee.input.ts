import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

let kit: { server: McpServer; label: string } | undefined;

function gardenKit() {
  if (!kit) {
    const server = new McpServer({ name: 'garden', version: '1.0.0' });
    server.tool('water', async () => ({ content: [{ type: 'text', text: 'watered' }] }));
    kit = { server, label: 'garden' };
  }
  return kit;
}

const { server, label } = gardenKit();

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  console.log('request for', label);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => transport.close());
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(3000);
