const http = require('node:http');
const { Server } = require('@modelcontextprotocol/sdk/server/index.js');
const { StreamableHTTPServerTransport } = require('@modelcontextprotocol/sdk/server/streamableHttp.js');
const { ListToolsRequestSchema, CallToolRequestSchema, ListResourcesRequestSchema } = require('@modelcontextprotocol/sdk/types.js');

const server = new Server({ name: 'low-level', version: '0.0.1' }, { capabilities: { tools: {} } });

server.registerCapabilities({ resources: {} });

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: [{ name: 'uptime', description: 'Process uptime', inputSchema: { type: 'object' } }],
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  if (request.params.name !== 'uptime') throw new Error(`unknown tool ${request.params.name}`);
  return { content: [{ type: 'text', text: `${process.uptime()}s` }] };
});

server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [] }));

server.onerror = (error) => console.error('[mcp]', error);

http
  .createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  })
  .listen(8080);
