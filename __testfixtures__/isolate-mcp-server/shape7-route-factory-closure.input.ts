import { Router, json } from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

interface Options {
  name: string;
  secret: string;
}

function createMcpServer(options: Options): McpServer {
  const mcp = new McpServer({ name: options.name, version: '1.0.0' });
  mcp.registerTool('whoami', { description: 'Service identity' }, async () => ({
    content: [{ type: 'text', text: options.name }],
  }));
  return mcp;
}

/** Mounts the MCP endpoint; the server is built once per router. */
export function createMcpRouter(options: Options): Router {
  const router = Router();
  const mcp = createMcpServer(options);

  router.post('/mcp', json(), async (req, res) => {
    if (req.headers.authorization !== `Bearer ${options.secret}`) {
      res.status(401).end();
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => transport.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });

  return router;
}
