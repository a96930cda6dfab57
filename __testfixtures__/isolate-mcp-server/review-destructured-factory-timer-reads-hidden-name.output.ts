import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function openMill() {
  const mill = new McpServer({ name: 'mill', version: '0.2.0' }, { capabilities: { logging: {} } });
  mill.tool('flour', async () => ({ content: [{ type: 'text', text: '40 kg' }] }));
  return { mill };
}

const { mill } = openMill();
const made = { sacks: 0 };

setInterval(() => {
  made.sacks++;
  // mcp-isolate: `mill.sendLoggingMessage(...)` runs outside any request, so there is no single server to send it from after the rewrite; send it per session
  void mill.sendLoggingMessage({ level: 'info', data: 'sacks filled: ' + made.sacks });
}, 60_000);

const app = express();
const streams = new Map<string, SSEServerTransport>();

app.get('/sse', async (_req, res) => {
  const transport = new SSEServerTransport('/messages', res);
  streams.set(transport.sessionId, transport);
  res.on('close', () => streams.delete(transport.sessionId));
  await mill.connect(transport);
});

app.post('/messages', async (req, res) => {
  await streams.get(String(req.query.sessionId))?.handlePostMessage(req, res);
});

app.listen(4100);
