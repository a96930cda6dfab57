import express from 'express';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const relay = new Server({ name: 'relay', version: '1.0.0' }, { capabilities: { tools: {}, logging: {} } });
relay.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [] }));

const streams: Record<string, SSEServerTransport> = {};
const app = express();

app.get('/events', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams[transport.sessionId] = transport;
  res.on('close', () => {
    delete streams[transport.sessionId];
  });
  await relay.connect(transport);
  console.info = (...parts: unknown[]) => {
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
