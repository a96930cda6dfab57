import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

// Imported by the HTTP entry and by the server module, which connects to it once.
export const transport = new StreamableHTTPServerTransport({
  sessionIdGenerator: undefined,
});
