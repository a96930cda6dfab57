// A factory that starts a beacon timer on the server it builds and hands back the
// server with a cleanup that stops the timer; it is called once at start-up and every
// SSE stream connects that one server. Shutdown cleans up and closes it. The count of
// running beacons is served on /beacons and printed at exit, so a test can see that
// every timer stops.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { registerWhoami } from './whoami-tool.js';

let beaconsRunning = 0;

function createLighthouseServer() {
  const server = new McpServer({ name: 'lighthouse', version: '1.0.0' }, { capabilities: { logging: {} } });
  registerWhoami(server);
  beaconsRunning++;
  const beacon = setInterval(() => {
    if (server.isConnected()) void server.sendLoggingMessage({ level: 'debug', data: 'beacon lit' });
  }, 250);
  const cleanup = async () => {
    clearInterval(beacon);
    beaconsRunning--;
  };
  return { server, cleanup };
}

const { server, cleanup } = createLighthouseServer();

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  await server.connect(transport);
});

app.post('/messages', express.json(), async (req, res) => {
  const transport = streams.get(String(req.query.sessionId));
  if (!transport) {
    res.status(404).send('no such stream');
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.get('/beacons', (_req, res) => {
  res.json({ running: beaconsRunning });
});

process.on('SIGINT', async () => {
  await cleanup();
  await server.close();
  console.log(`beacons running at exit: ${beaconsRunning}`);
  process.exit(0);
});

app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
