import type { Express } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

type Berths = Record<string, SSEServerTransport>;

export function mountHarbour(app: Express): McpServer {
  const harbour = new McpServer({ name: 'harbour', version: '1.0.0' });
  harbour.tool('berths', async () => ({ content: [{ type: 'text', text: 'three free' }] }));

  app.get('/harbour', async (_req, res) => {
    const transport = new SSEServerTransport('/cargo', res);
    (harbour as unknown as { _berths: Berths })._berths[transport.sessionId] = transport;
    await harbour.connect(transport);
  });

  (harbour as unknown as { _berths: Berths })._berths = {};
  return harbour;
}
