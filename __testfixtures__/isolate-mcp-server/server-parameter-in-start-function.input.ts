// A start-up function registers the tools and hands the server to a route helper
// of the same file; the helper connects it for every request.
import express, { type Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const greenhouse = new McpServer({ name: 'greenhouse', version: '0.3.0' });

function addRoutes(app: Express, mcp: McpServer) {
  app.post('/mcp', async (req, res) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
}

function boot(port: number) {
  greenhouse.registerTool('humidity', { description: 'Relative humidity' }, async () => ({
    content: [{ type: 'text', text: '64%' }],
  }));
  const app = express();
  app.use(express.json());
  addRoutes(app, greenhouse);
  app.listen(port);
}

boot(8080);
