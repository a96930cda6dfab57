import { randomUUID } from 'node:crypto';
import express from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { openObservatory } from './observatory.js';

const SITE = 'paranal';
const { server, shutdown } = openObservatory(SITE);
const sessions = new Map<string, StreamableHTTPServerTransport>();

const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const sessionId = req.header('mcp-session-id');
  let transport = sessionId ? sessions.get(sessionId) : undefined;
  if (!transport) {
    if (!isInitializeRequest(req.body)) {
      res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null });
      return;
    }
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport!);
      },
    });
    const opened = transport;
    opened.onclose = () => {
      if (opened.sessionId) sessions.delete(opened.sessionId);
      void shutdown();
    };
    await server.connect(opened);
  }
  await transport.handleRequest(req, res, req.body);
});

app.listen(3000);
