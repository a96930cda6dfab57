import http from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema, CallToolRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const server = new Server({ name: 'low-level', version: '1.0.0' }, { capabilities: { tools: {} } });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{ name: 'ping', description: 'Replies pong', inputSchema: { type: 'object' } }],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  if (request.params.name !== 'ping') throw new Error('unknown tool');
  return { content: [{ type: 'text', text: 'pong' }] };
});

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
transport.onerror = (error) => console.error('transport error', error);

await server.connect(transport);

const httpServer = http.createServer((req, res) => {
  if (req.url !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  transport.handleRequest(req, res);
});

httpServer.listen(4000);
