import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function buildWeatherStation(region) {
  const station = new McpServer({ name: 'weather', version: '5.0.1' }, { capabilities: { logging: {} } });
  station.tool('pressure', async () => ({ content: [{ type: 'text', text: '1013 hPa' }] }));
  return { station, label: region.toUpperCase() };
}

const { station, label } = buildWeatherStation('north');

// Tell whoever listens that the barometer is alive.
setInterval(() => {
  station.server.sendLoggingMessage({ level: 'info', data: `${label} barometer steady` });
}, 10_000);

const app = express();
const feeds = {};

app.get('/feed', async (req, res) => {
  const transport = new SSEServerTransport('/readings', res);
  feeds[transport.sessionId] = transport;
  res.on('close', () => delete feeds[transport.sessionId]);
  await station.connect(transport);
});

app.post('/readings', async (req, res) => {
  const transport = feeds[req.query.sessionId];
  if (transport) await transport.handlePostMessage(req, res);
  else res.status(404).end();
});

app.listen(9090);
