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
  const liveServers = new Set<{ close(): Promise<unknown> }>();

  /** Keeps a server in `liveServers` while it is open, so that shutdown can close every open one. */
  function keepLive<S extends { close(): Promise<unknown>; server: { onclose?: () => void } }>(server: S): S {
    liveServers.add(server);
    const onclose = server.server.onclose;
    server.server.onclose = () => {
      liveServers.delete(server);
      onclose?.();
    };
    return server;
  }

  const http = createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const ledger = keepLive(makeLedger(currency));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      ledger.close();
    });
    await ledger.connect(transport);
    transport.handleRequest(req, res);
  });
  http.listen(port);

  return async () => {
    http.close();
    await Promise.all([...liveServers].map((live) => live.close()));
  };
}
