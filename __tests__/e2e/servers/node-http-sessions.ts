// Shape 3 on node:http: a transport per session, one server for all of them.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'whoami-node-http-sessions', version: '1.0.0' });
registerWhoami(server);

const transports = new Map<string, StreamableHTTPServerTransport>();

createServer(async (req, res) => {
  const sessionId = req.headers['mcp-session-id'] as string | undefined;
  let transport = sessionId ? transports.get(sessionId) : undefined;
  if (!transport) {
    if (sessionId) {
      res.writeHead(404).end();
      return;
    }
    const created = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        transports.set(id, created);
      },
    });
    created.onclose = () => {
      if (created.sessionId) transports.delete(created.sessionId);
    };
    await server.connect(created);
    transport = created;
  }
  await transport.handleRequest(req, res);
}).listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
