import { createServer } from 'node:http';
import * as mcp from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport as HttpTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new mcp.McpServer({ name: 'clock', version: '1.0.0' });

server.registerTool('now', { description: 'The time' }, async () => ({
  content: [{ type: 'text', text: new Date().toISOString() }],
}));

const transport = new HttpTransport({ sessionIdGenerator: undefined });
await server.connect(transport);

createServer(transport.handleRequest.bind(transport)).listen(3001);
