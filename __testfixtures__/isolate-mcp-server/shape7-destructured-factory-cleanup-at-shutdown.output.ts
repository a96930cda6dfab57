import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function createGreenhouseServer() {
  const server = new McpServer({ name: 'greenhouse', version: '0.9.0' }, { capabilities: { logging: {} } });
  server.tool('humidity', async () => ({ content: [{ type: 'text', text: '61%' }] }));
  const sampler = setInterval(() => {
    void server.sendLoggingMessage({ level: 'debug', data: 'sensors sampled' });
  }, 60_000);
  const cleanup = async () => {
    clearInterval(sampler);
  };
  return { server, cleanup };
}

const liveServers = new Map<{ close(): Promise<unknown> }, () => Promise<unknown>>();

/** Keeps each `server` in `liveServers` while it is open, with its `cleanup` (run once: when the server closes or at shutdown, whichever comes first). */
function keepLive<T extends { server: { close(): Promise<unknown>; server: { onclose?: () => void } }; cleanup: () => unknown }>(made: T): T {
  const server = made.server;
  const cleanup = made.cleanup;
  let cleaned: Promise<unknown> | undefined;
  const cleanUpOnce = () => (cleaned ??= Promise.resolve().then(cleanup));
  liveServers.set(server, cleanUpOnce);
  const onclose = server.server.onclose;
  server.server.onclose = () => {
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
  const { server, cleanup } = keepLive(createGreenhouseServer());
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
