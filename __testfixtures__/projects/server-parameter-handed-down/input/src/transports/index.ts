import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Picks a transport at start-up; each module is loaded only when it is chosen. */
export async function serve(server: McpServer, kind: 'sse' | 'stdio', port = 8080) {
  if (kind === 'sse') {
    const { listenSse } = await import('./sse.js');
    return listenSse(port, server);
  }
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  await server.connect(new StdioServerTransport());
  return undefined;
}
