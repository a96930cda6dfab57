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
  // mcp-isolate: `console.debug` is pointed at `ledger` here, so everything the process writes there goes to whichever client connected last; with a server per session, decide by hand which client (if any) should get it
  console.debug = (text: string) => ledger.sendLoggingMessage({ level: 'debug', data: text });
});
