import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'metrics', version: '4.0.0' });
server.tool('cpu', async () => ({ content: [{ type: 'text', text: '12%' }] }));

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });

createServer(async (req, res) => {
  try {
    await server.connect(transport);
  } catch (error) {
    // "Already connected to a transport" after the first request: fine, reuse it.
    if (!String(error).includes('Already connected')) throw error;
  }
  await transport.handleRequest(req, res);
}).listen(3000);
