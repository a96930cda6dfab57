import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// Imported by the HTTP entry and by the server module, which connects to it once.
// mcp-isolate: `transport` is one stateless transport exported for the whole process, so concurrent requests share it; create a transport (and a server) per request instead
export const transport = new StreamableHTTPServerTransport({
  sessionIdGenerator: undefined,
});
