import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

const server = new McpServer({ name: 'bookshelf', version: '3.1.0' });
server.registerResource('shelf', 'shelf://all', { description: 'Every book on the shelf' }, async (uri) => ({
  contents: [{ uri: uri.href, text: 'Dune; Emma; Ulysses' }],
}));

/** Stateless JSON-RPC route: each request brings its own transport. */
class RpcRoute {
  constructor(
    private readonly mcp: McpServer,
    private readonly app: express.Express,
  ) {}

  mount(path: string): void {
    this.app.post(path, async (req, res) => {
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => void transport.close());
      await this.mcp.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
  }
}

/** The HTTP service around the route. */
class ShelfService {
  constructor(private readonly mcp: McpServer) {}

  start(port: number): void {
    const app = express();
    app.use(express.json());
    new RpcRoute(this.mcp, app).mount('/rpc');
    app.listen(port);
  }
}

new ShelfService(server).start(Number(process.env.PORT ?? 4000));

const shutdown = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
