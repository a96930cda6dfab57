import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { z } from 'zod';

const terms: Record<string, string> = { idempotent: 'safe to repeat' };

export const server = new McpServer({ name: 'glossary', version: '1.0.0' });

server.registerTool('define', { description: 'Define a term', inputSchema: { term: z.string() } }, async ({ term }) => ({
  content: [{ type: 'text', text: terms[term] ?? 'no entry' }],
}));

// Other packages import these to serve the glossary from their own app.
// mcp-isolate: `transport` is one stateless transport exported by a package that publishes an API, so other packages may connect or use it; export a builder instead, by hand
export const transport = new WebStandardStreamableHTTPServerTransport();

export function handleGlossary(request: Request): Promise<Response> {
  return transport.handleRequest(request);
}
