import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

function createIndexServer(root: string): McpServer {
  const server = new McpServer({ name: 'local-index', version: '0.4.0' });
  server.tool('root', async () => ({ content: [{ type: 'text', text: root }] }));
  return server;
}

export interface Handle {
  port: number;
  stop: () => Promise<void>;
}

/** Serves the index on localhost; the caller stops it when the CLI exits. */
export async function startHttp(root: string, port: number): Promise<Handle> {
  const server = createIndexServer(root);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => crypto.randomUUID() });
  await server.connect(transport);

  const http = createServer(async (req, res) => {
    if (req.url !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    await transport.handleRequest(req, res);
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));

  return {
    port,
    stop: async () => {
      await transport.close();
      http.close();
    },
  };
}
