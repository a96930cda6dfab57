import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import Fastify, { type FastifyInstance } from 'fastify';

interface ObservatoryOptions {
  telescope: McpServer;
}

async function observatoryRoutes(app: FastifyInstance, opts: ObservatoryOptions) {
  app.post('/mcp', async (request, reply) => {
    const { telescope } = opts;
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    await telescope.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
}

// The plugin also travels in a list, so its other callers are out of sight.
// mcp-isolate: `opts.telescope` is one server handed in through the options and connected to every connection's transport, and `observatoryRoutes` is used here as a value, so the rewrite cannot see all its callers; pass a function that builds a server and call it per connection
export const plugins = [observatoryRoutes];

const telescope = new McpServer({ name: 'observatory', version: '0.9.0' });
telescope.tool('moon-phase', async () => ({ content: [{ type: 'text', text: 'waxing gibbous' }] }));

const app = Fastify();
app.register(observatoryRoutes, { telescope });
app.listen({ port: 8090 });
