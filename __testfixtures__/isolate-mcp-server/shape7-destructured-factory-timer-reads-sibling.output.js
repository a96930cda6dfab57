import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';

function buildWeatherStation(region) {
  const station = new McpServer({ name: 'weather', version: '5.0.1' }, { capabilities: { logging: {} } });
  station.tool('pressure', async () => ({ content: [{ type: 'text', text: '1013 hPa' }] }));
  return { station, label: region.toUpperCase() };
}

/** For each `station`: runs a timer for it until it closes. */
function keepLive(made) {
  const station = made.station;
  const label = made.label;
  // Tell whoever listens that the barometer is alive.
  const stationTimer = setInterval(() => {
    station.server.sendLoggingMessage({ level: 'info', data: `${label} barometer steady` });
  }, 10_000);
  const onclose = station.server.onclose;
  station.server.onclose = () => {
    clearInterval(stationTimer);
    onclose?.();
  };
  return made;
}

const app = express();
const feeds = {};

app.get('/feed', async (req, res) => {
  const transport = new SSEServerTransport('/readings', res);
  feeds[transport.sessionId] = transport;
  res.on('close', () => delete feeds[transport.sessionId]);
  const { station, label } = keepLive(buildWeatherStation('north'));
  await station.connect(transport);
});

app.post('/readings', async (req, res) => {
  const transport = feeds[req.query.sessionId];
  if (transport) await transport.handlePostMessage(req, res);
  else res.status(404).end();
});

app.listen(9090);
