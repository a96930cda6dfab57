import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

/** Mounts SSE endpoints for the given server on a connect/vite middleware stack. */
export function mountSse(middlewares, server, base = '/__mcp') {
  const transports = new Map();

  middlewares.use(`${base}/sse`, async (_req, res) => {
    const transport = new SSEServerTransport(`${base}/messages`, res);
    transports.set(transport.sessionId, transport);
    res.on('close', () => transports.delete(transport.sessionId));
    // mcp-isolate: `server` is one server passed in and connected to every connection's transport, by callers the rewrite does not see; take a function that builds a server and call it per connection
    await server.connect(transport);
  });

  middlewares.use(`${base}/messages`, async (req, res) => {
    const transport = transports.get(new URL(req.url, 'http://localhost').searchParams.get('sessionId'));
    if (!transport) {
      res.statusCode = 404;
      res.end();
      return;
    }
    await transport.handlePostMessage(req, res);
  });
}
