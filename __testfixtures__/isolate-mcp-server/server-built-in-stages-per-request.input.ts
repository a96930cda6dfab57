import { createServer as listen, type IncomingMessage, type ServerResponse } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

interface TideConfig {
  station: string;
  verbose: boolean;
}

function createServer(config: TideConfig): McpServer {
  const server = new McpServer({ name: 'tide-tables', version: '0.9.0' });
  server.registerTool('high_water', { description: 'Next high water', inputSchema: { day: z.string() } }, async ({ day }) => ({
    content: [{ type: 'text', text: `${config.station}: high water on ${day} at 06:12` }],
  }));
  return server;
}

/** Logs every protocol error of the server it is given. */
function withErrorLog(server: McpServer, config: TideConfig): McpServer {
  if (config.verbose) server.server.onerror = (error) => console.error('[tides]', error);
  return server;
}

function serve(server: McpServer, port: number): void {
  listen(async (req: IncomingMessage, res: ServerResponse) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }).listen(port);
}

function main(): void {
  const config: TideConfig = { station: process.env.STATION ?? 'harbour', verbose: process.argv.includes('--verbose') };
  let server = createServer(config);
  server = withErrorLog(server, config);
  serve(server, Number(process.env.PORT ?? 8080));
}

main();
