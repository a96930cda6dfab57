import type { APIRoute } from 'astro';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { getCollection } from 'astro:content';

export const prerender = false;

const server = new McpServer({ name: 'docs-search', version: '1.2.0' });
server.registerResource('pages', 'docs://pages', { mimeType: 'application/json' }, async (uri) => {
  const pages = await getCollection('docs');
  return { contents: [{ uri: uri.href, text: JSON.stringify(pages.map((page) => page.id)) }] };
});

const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
server.connect(transport);

export const ALL: APIRoute = async ({ request }) => transport.handleRequest(request);
