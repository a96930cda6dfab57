import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

function createMcpServer() {
  const glossary = new McpServer({ name: 'glossary', version: '0.9.0' });
  glossary.tool('define', { term: z.string() }, async ({ term }) => ({
    content: [{ type: 'text', text: `${term}: see the style guide` }],
  }));

  return glossary;
}

export async function POST(request: Request): Promise<Response> {
  const glossary = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await glossary.connect(transport);
  return transport.handleRequest(request);
}

export async function GET(request: Request): Promise<Response> {
  const glossary = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await glossary.connect(transport);
  return transport.handleRequest(request);
}
