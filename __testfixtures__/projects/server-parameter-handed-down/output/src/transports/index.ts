import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Picks a transport at start-up; each module is loaded only when it is chosen. */
export async function serve(createServer: () => McpServer, kind: 'sse' | 'stdio', port = 8080) {
  if (kind === 'sse') {
    const { listenSse } = await import('./sse.js');
    return listenSse(port, createServer);
  }
  const { StdioServerTransport } = await import('@modelcontextprotocol/sdk/server/stdio.js');
  const server = createServer();
  await server.connect(new StdioServerTransport());
  return undefined;
}
