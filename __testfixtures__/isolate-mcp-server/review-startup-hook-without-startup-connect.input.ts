import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const ledger = new McpServer({ name: 'ledger', version: '0.9.0' }, { capabilities: { logging: {} } });

ledger.registerTool('balance', { description: 'Current balance' }, async () => ({
  content: [{ type: 'text', text: '42.00' }],
}));

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await ledger.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

app.listen(4300, () => {
  console.debug = (text: string) => ledger.sendLoggingMessage({ level: 'debug', data: text });
});
