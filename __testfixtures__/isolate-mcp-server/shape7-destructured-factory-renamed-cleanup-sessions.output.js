import { randomUUID } from 'node:crypto';
import express from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/server/types.js';

function openObservatory(catalogue) {
  const server = new Server({ name: 'observatory', version: '3.0.0' }, { capabilities: { tools: {}, logging: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));
  const watch = setInterval(() => {
    server.sendLoggingMessage({ level: 'info', data: `${catalogue} sky still dark` });
  }, 30_000);
  return {
    server,
    stopWatching() {
      clearInterval(watch);
    },
  };
}

const liveServers = new Map();

/** Keeps each `server` in `liveServers` while it is open, with its `stopWatching` (run once: when the server closes or at shutdown, whichever comes first). */
function keepLive(made) {
  const observatory = made.server;
  const stopTelescopes = made.stopWatching;
  let cleaned;
  const cleanUpOnce = () => (cleaned ??= Promise.resolve().then(stopTelescopes));
  liveServers.set(observatory, cleanUpOnce);
  const onclose = observatory.onclose;
  observatory.onclose = () => {
    liveServers.delete(observatory);
    onclose?.();
    cleanUpOnce().catch((error) => console.error(error));
  };
  return made;
}
const sessions = {};
const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  const known = sessions[req.headers['mcp-session-id']];
  if (known) {
    await known.handleRequest(req, res, req.body);
    return;
  }
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => {
      sessions[id] = transport;
    },
  });
  transport.onclose = () => {
    if (transport.sessionId) delete sessions[transport.sessionId];
  };
  const { server: observatory, stopWatching: stopTelescopes } = keepLive(openObservatory('messier'));
  await observatory.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

process.on('SIGTERM', async () => {
  await Promise.all([Promise.all([...liveServers.values()].map((cleanUp) => cleanUp())), Promise.all([...liveServers.keys()].map((live) => live.close()))]);
  process.exit(0);
});

app.listen(7070);
