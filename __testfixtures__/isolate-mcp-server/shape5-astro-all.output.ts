import type { APIRoute } from 'astro';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { getCollection } from 'astro:content';

export const prerender = false;

function createMcpServer() {
  const server = new McpServer({ name: 'docs-search', version: '1.2.0' });
  server.registerResource('pages', 'docs://pages', { mimeType: 'application/json' }, async (uri) => {
    const pages = await getCollection('docs');
    return { contents: [{ uri: uri.href, text: JSON.stringify(pages.map((page) => page.id)) }] };
  });

  return server;
}

export const ALL: APIRoute = async ({ request }) => {
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  return transport.handleRequest(request);
};
