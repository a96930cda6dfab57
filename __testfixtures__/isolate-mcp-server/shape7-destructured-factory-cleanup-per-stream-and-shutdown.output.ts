import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

async function startBakery(ovenCount: number) {
  const bakery = new McpServer({ name: 'bakery', version: '1.1.0' });
  bakery.tool('loaves', async () => ({ content: [{ type: 'text', text: String(ovenCount * 12) }] }));
  const coolDown = async () => {
    console.log('ovens off');
  };
  return { bakery, coolDown };
}

const liveServers = new Map<{ close(): Promise<unknown> }, () => Promise<unknown>>();

/** Keeps each `bakery` in `liveServers` while it is open, with its `coolDown` (run once: at shutdown, while the server is open). */
function keepLive<T extends { bakery: { close(): Promise<unknown>; server: { onclose?: () => void } }; coolDown: () => unknown }>(made: T): T {
  const bakery = made.bakery;
  const coolDown = made.coolDown;
  let cleaned: Promise<unknown> | undefined;
  const cleanUpOnce = () => (cleaned ??= Promise.resolve().then(coolDown));
  liveServers.set(bakery, cleanUpOnce);
  const onclose = bakery.server.onclose;
  bakery.server.onclose = () => {
    liveServers.delete(bakery);
    onclose?.();
  };
  return made;
}
const app = express();
const streams: Record<string, SSEServerTransport> = {};

app.get('/stream', async (_req, res) => {
  const transport = new SSEServerTransport('/orders', res);
  streams[transport.sessionId] = transport;
  const { bakery, coolDown } = keepLive(await startBakery(3));
  res.on('close', () => {
    delete streams[transport.sessionId];
    void coolDown();
  });
  await bakery.connect(transport);
});

app.post('/orders', async (req, res) => {
  const transport = streams[String(req.query.sessionId)];
  if (!transport) {
    res.sendStatus(404);
    return;
  }
  await transport.handlePostMessage(req, res);
});

process.on('SIGINT', async () => {
  await Promise.all([...liveServers.values()].map((cleanUp) => cleanUp()));
  await Promise.all([...liveServers.keys()].map((live) => live.close()));
  process.exit(0);
});

app.listen(5050);
