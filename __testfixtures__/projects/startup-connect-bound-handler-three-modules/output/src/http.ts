import { createServer } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpServer } from './mcp.js';
import type { IncomingMessage, ServerResponse } from 'node:http';

const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
  const greenhouse = createMcpServer();
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  res.on('close', () => {
    transport.close();
    greenhouse.close();
  });
  await greenhouse.connect(transport);
  await transport.handleRequest(req, res);
};

export const httpServer = createServer(onRequest);
