import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { z } from 'zod';

/**
 * @typedef {import('express').RequestHandler} Route
 */

const almanac = new McpServer({ name: 'almanac', version: '3.0.1' });

almanac.tool('sunrise', { city: z.string() }, async ({ city }) => ({
  content: [{ type: 'text', text: `Sunrise in ${city} is at 06:12` }],
}));

const app = express();
/** @type {Record<string, SSEServerTransport>} */
const streams = {};

/** @type {Route} */
const openStream = async (req, res) => {
  const transport = new SSEServerTransport('/inbox', res);
  streams[transport.sessionId] = transport;
  res.on('close', () => {
    delete streams[transport.sessionId];
  });
  await almanac.connect(transport);
};

/** @type {Route} */
const inbox = async (req, res) => {
  const transport = streams[String(req.query.sessionId)];
  if (!transport) {
    res.status(404).send('no such stream');
    return;
  }
  await transport.handlePostMessage(req, res);
};

app.get('/stream', openStream);
app.post('/inbox', inbox);
app.listen(4100);
