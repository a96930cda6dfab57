import express from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

function createMcpServer() {
  const relay = new Server({ name: 'relay', version: '1.0.0' }, { capabilities: { tools: {}, logging: {} } });
  relay.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));

  return relay;
}

const streams: Record<string, SSEServerTransport> = {};
const app = express();

app.get('/events', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams[transport.sessionId] = transport;
  res.on('close', () => {
    delete streams[transport.sessionId];
  });
  const relay = createMcpServer();
  await relay.connect(transport);
  console.info = (...parts: unknown[]) => {
    // mcp-isolate: `console.info` is pointed at each connection's `relay` here, so everything the process writes there goes to whichever client connected last (as it did with the shared server); decide by hand which client (if any) should get it
    void relay.sendLoggingMessage({ level: 'info', data: parts.join(' ') });
  };
  relay.onclose = () => {
    console.debug(`${relay.getClientVersion()?.name ?? 'a client'} left stream ${transport.sessionId}`);
  };
});

app.post('/messages', express.json(), async (req, res) => {
  const transport = streams[String(req.query.sessionId)];
  if (!transport) {
    res.status(404).end();
    return;
  }
  await transport.handlePostMessage(req, res, req.body);
});

app.listen(4200);
