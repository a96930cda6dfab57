import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'ticker', version: '1.0.0' }, { capabilities: { logging: {} } });
server.tool('tick', async () => ({ content: [{ type: 'text', text: 'tock' }] }));

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

setInterval(() => {
  server.sendLoggingMessage({ level: 'info', data: 'still alive' });
}, 60_000);

process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});

app.listen(3000);
