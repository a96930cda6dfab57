import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function makeLedger(currency: string) {
  const server = new McpServer({ name: 'ledger', version: '1.2.0' });
  server.tool('balance', async () => ({ content: [{ type: 'text', text: `0 ${currency}` }] }));
  return server;
}

/** Starts the ledger over HTTP and hands back what stops it. */
export async function serveLedger(currency: string, port: number): Promise<() => Promise<void>> {
  const ledger = makeLedger(currency);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await ledger.connect(transport);

  const http = createServer((req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    transport.handleRequest(req, res);
  });
  http.listen(port);

  return async () => {
    http.close();
    await ledger.close();
  };
}
