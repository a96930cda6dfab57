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

const { server: observatory, stopWatching: stopTelescopes } = openObservatory('messier');
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
  await observatory.connect(transport);
  await transport.handleRequest(req, res, req.body);
});

process.on('SIGTERM', async () => {
  await Promise.all([stopTelescopes(), observatory.close()]);
  process.exit(0);
});

app.listen(7070);
