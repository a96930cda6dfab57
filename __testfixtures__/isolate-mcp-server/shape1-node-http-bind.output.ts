import { createServer } from 'node:http';
import * as mcp from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport as HttpTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createMcpServer() {
  const server = new mcp.McpServer({ name: 'clock', version: '1.0.0' });

  server.registerTool('now', { description: 'The time' }, async () => ({
    content: [{ type: 'text', text: new Date().toISOString() }],
  }));

  return server;
}

createServer(async (req, res) => {
  const server = createMcpServer();
  const transport = new HttpTransport({ sessionIdGenerator: undefined });
  res.on('close', () => {
    transport.close();
    server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}).listen(3001);
