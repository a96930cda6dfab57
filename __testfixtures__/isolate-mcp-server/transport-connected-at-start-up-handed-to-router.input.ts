// The helper only makes the transport; the entry connects it once at start-up and
// hands it to the router, which serves every request with it.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function makeTransport() {
  return new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
}

function router(transport: StreamableHTTPServerTransport) {
  const app = express();
  app.use(express.json());
  app.post('/mcp', (req, res) => transport.handleRequest(req, res, req.body));
  return app;
}

const tides = new McpServer({ name: 'tides', version: '1.0.0' });
tides.registerPrompt('high-tide', { description: 'When is the next high tide?' }, () => ({
  messages: [{ role: 'user', content: { type: 'text', text: 'Next high tide, please.' } }],
}));
const transport = makeTransport();
await tides.connect(transport);
router(transport).listen(3000);
