// The connected transport is kept in a module-level constant and read by a Hono route.
import { Hono } from 'hono';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

const makeLibrarian = () => {
  const librarian = new McpServer({ name: 'librarian', version: '2.0.0' });
  librarian.registerResource('shelves', 'library://shelves', { mimeType: 'text/plain' }, async (uri) => ({
    contents: [{ uri: uri.href, text: 'A-F, G-M, N-Z' }],
  }));
  return librarian;
};

async function wire() {
  const mcp = makeLibrarian();
  const transport = new WebStandardStreamableHTTPServerTransport();
  await mcp.connect(transport);
  return transport;
}

const transport = await wire();
const app = new Hono();
app.all('/mcp', (c) => transport.handleRequest(c.req.raw));

export default app;
