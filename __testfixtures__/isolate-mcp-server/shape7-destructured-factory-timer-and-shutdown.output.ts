import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function createTideServer() {
  const server = new McpServer({ name: 'tides', version: '1.4.0' }, { capabilities: { logging: {} } });
  server.tool('high-water', async () => ({ content: [{ type: 'text', text: '06:12' }] }));
  const cleanup = async () => {
    console.log('tide tables released');
  };
  return { server, cleanup };
}

const liveServers = new Map<{ close(): Promise<unknown> }, () => Promise<unknown>>();

/** Keeps each `server` in `liveServers` while it is open, with its `cleanup` (run once: when the server closes or at shutdown, whichever comes first); runs a timer for it until it closes. */
function keepLive(made: ReturnType<typeof createTideServer>): ReturnType<typeof createTideServer> {
  const server = made.server;
  const cleanup = made.cleanup;
  let cleaned: Promise<unknown> | undefined;
  const cleanUpOnce = () => (cleaned ??= Promise.resolve().then(cleanup));
  liveServers.set(server, cleanUpOnce);
  const serverTimer = setInterval(() => {
    server.sendLoggingMessage({ level: 'info', data: 'tide tables refreshed' });
  }, 300_000);
  const onclose = server.server.onclose;
  server.server.onclose = () => {
    clearInterval(serverTimer);
    liveServers.delete(server);
    onclose?.();
    cleanUpOnce().catch((error) => console.error(error));
  };
  return made;
}

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  const { server, cleanup } = keepLive(createTideServer());
  await server.connect(transport);
});

app.post('/messages', async (req, res) => {
  const transport = streams.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).end();
    return;
  }
  await transport.handlePostMessage(req, res);
});

process.on('SIGINT', async () => {
  await Promise.all([...liveServers.values()].map((cleanUp) => cleanUp()));
  await Promise.all([...liveServers.keys()].map((live) => live.close()));
  process.exit(0);
});

app.listen(4000);
