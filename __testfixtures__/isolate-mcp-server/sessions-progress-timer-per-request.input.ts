import { randomUUID } from 'node:crypto';
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const atlas = new McpServer({ name: 'atlas', version: '0.4.0' });
atlas.tool('ping', async () => ({ content: [{ type: 'text', text: 'pong' }] }));

const open: Record<string, StreamableHTTPServerTransport> = {};
const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const sid = req.headers['mcp-session-id'] as string | undefined;
  let transport: StreamableHTTPServerTransport;
  if (sid && open[sid]) {
    transport = open[sid];
  } else if (!sid && isInitializeRequest(req.body)) {
    transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        open[id] = transport;
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) delete open[transport.sessionId];
    };
    await atlas.connect(transport);
  } else {
    res.status(400).json({ error: 'no session' });
    return;
  }

  // Tell the client we are still busy while a slow request runs.
  const token = req.body?.params?._meta?.progressToken;
  let step = 0;
  const ticker = token
    ? setInterval(() => {
        void atlas.server.notification({ method: 'notifications/progress', params: { progressToken: token, progress: step++ } });
      }, 500)
    : undefined;
  try {
    await transport.handleRequest(req, res, req.body);
  } finally {
    if (ticker) clearInterval(ticker);
  }
});

app.listen(8080);
