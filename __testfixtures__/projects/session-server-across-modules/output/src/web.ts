import { randomUUID } from 'node:crypto';
import express from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { report } from './report.js';

const serversByTransport = new WeakMap<object, McpServer>();

export function startWeb(createEngine: () => McpServer, port: number): void {
  const sessions: Record<string, StreamableHTTPServerTransport> = {};
  const app = express();
  app.use(express.json());
  app.post('/mcp', async (req, res) => {
    const id = req.headers['mcp-session-id'] as string | undefined;
    let transport: StreamableHTTPServerTransport;
    if (id && sessions[id]) {
      transport = sessions[id];
      report(serversByTransport.get(transport)!, `back again: ${id}`);
    } else if (!id && isInitializeRequest(req.body)) {
      const engine = createEngine();
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => {
          sessions[sid] = transport;
          report(engine, `welcome ${sid}`);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) delete sessions[transport.sessionId];
      };
      serversByTransport.set(transport, engine);
      await engine.connect(transport);
    } else {
      res.status(400).json({ error: 'unknown session' });
      return;
    }
    await transport.handleRequest(req, res, req.body);
  });
  app.listen(port);
}
