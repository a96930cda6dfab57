import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { openLedger } from './ledger.js';

function createBookkeepingServer(ledgerPath) {
  const ledger = openLedger(ledgerPath);
  const server = new McpServer({ name: 'bookkeeping', version: '0.3.0' });
  server.tool('balance', async () => ({ content: [{ type: 'text', text: String(ledger.balance()) }] }));
  const release = async () => {
    await ledger.flush();
  };
  return { server, release };
}

const app = express();
const { server, release } = createBookkeepingServer(process.env.LEDGER_PATH);
const streams = {};

app.get('/events', async (req, res) => {
  const transport = new SSEServerTransport('/post', res);
  streams[transport.sessionId] = transport;
  res.on('close', async () => {
    delete streams[transport.sessionId];
    await release();
  });
  await server.connect(transport);
});

app.post('/post', async (req, res) => {
  const transport = streams[req.query.sessionId];
  if (!transport) {
    res.status(404).send('no such stream');
    return;
  }
  await transport.handlePostMessage(req, res);
});

app.listen(8080);
