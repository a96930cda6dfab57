// A start-up function registers the tools and hands the server to a route helper
// of the same file; the helper connects it for every request.
import express, { type Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createMcpServer() {
  const greenhouse = new McpServer({ name: 'greenhouse', version: '0.3.0' });

  greenhouse.registerTool('humidity', { description: 'Relative humidity' }, async () => ({
    content: [{ type: 'text', text: '64%' }],
  }));
  return greenhouse;
}

function addRoutes(app: Express, createMcp: () => McpServer) {
  app.post('/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const mcp = createMcp();
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}

function boot(port: number) {
  const app = express();
  app.use(express.json());
  addRoutes(app, createMcpServer);
  app.listen(port);
}

boot(8080);
