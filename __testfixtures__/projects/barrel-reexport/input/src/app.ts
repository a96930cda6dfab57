import { createServer } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { MCP_PATH, server } from './mcp/index.js';

const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });

server.connect(transport).then(() => {
  createServer(async (req, res) => {
    if (req.url !== MCP_PATH) {
      res.writeHead(404).end();
      return;
    }
    await transport.handleRequest(req, res);
  }).listen(3000);
});
