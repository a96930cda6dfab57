import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import Fastify, { type FastifyInstance } from 'fastify';

interface LibraryOptions {
  catalogue: () => McpServer;
}

// A plugin written as a function declaration: the options carry the one catalogue server.
async function libraryRoutes(app: FastifyInstance, opts: LibraryOptions) {
  app.post('/mcp', async (request, reply) => {
    const catalogue = opts.catalogue();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    reply.raw.on('close', () => {
      void transport.close();
    });
    await catalogue.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
}

function createMcpServer() {
  const catalogue = new McpServer({ name: 'library', version: '1.2.0' });
  catalogue.resource('shelves', 'library://shelves', async (uri) => ({
    contents: [{ uri: uri.href, text: 'fiction, poetry, atlases' }],
  }));

  return catalogue;
}

const app = Fastify();
app.register(libraryRoutes, { catalogue: createMcpServer });
app.listen({ port: 8088 });
