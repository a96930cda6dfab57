import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import express from 'express';

function trace(target: McpServer, message: string): void {
  target.sendLoggingMessage({ level: 'debug', data: message });
}

function createMcpServer() {
  const observatory = new McpServer({ name: 'observatory', version: '5.0.0' }, { capabilities: { tools: {}, logging: {} } });
  const lowLevel = observatory.server;

  lowLevel.setRequestHandler(ListToolsRequestSchema, async () => {
    trace(observatory, 'listing tools');
    return { tools: [] };
  });

  return observatory;
}

const app = express();
app.use(express.json());
app.post('/mcp', async (req, res) => {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  const observatory = createMcpServer();
  await observatory.connect(transport);
  await transport.handleRequest(req, res, req.body);
});
app.listen(5050);
