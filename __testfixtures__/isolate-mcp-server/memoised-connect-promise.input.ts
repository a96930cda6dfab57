import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });

const glossary = new McpServer({ name: 'glossary', version: '0.9.0' });
glossary.tool('define', { term: z.string() }, async ({ term }) => ({
  content: [{ type: 'text', text: `${term}: see the style guide` }],
}));

// Connecting twice throws, so the first request connects and the rest wait on it.
let attached: Promise<void> | undefined;

async function attachOnce() {
  if (!attached) {
    attached = glossary.connect(transport);
  }
  return attached;
}

export async function POST(request: Request): Promise<Response> {
  await attachOnce();
  return transport.handleRequest(request);
}

export async function GET(request: Request): Promise<Response> {
  await attachOnce();
  return transport.handleRequest(request);
}
