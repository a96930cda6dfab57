import http from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

export const listenSse = (port: number, server: McpServer) => {
  const streams = new Map<string, SSEServerTransport>();
  return http
    .createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/sse') {
        const transport = new SSEServerTransport('/messages', res);
        streams.set(transport.sessionId, transport);
        res.on('close', () => streams.delete(transport.sessionId));
        await server.connect(transport);
        return;
      }
      const transport = streams.get(url.searchParams.get('sessionId') ?? '');
      if (!transport) {
        res.writeHead(404).end();
        return;
      }
      await transport.handlePostMessage(req, res);
    })
    .listen(port);
};
