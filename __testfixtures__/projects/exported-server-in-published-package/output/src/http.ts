import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { server } from './index.js';

export async function handleMcp(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.on('close', () => void transport.close());
  // mcp-isolate: `server` is exported by a package that publishes an API (exports or types in its package.json), so other packages may use that one server; export a builder from './index.js' by hand
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
