import Fastify from 'fastify';
import { tidePlugin } from './plugin.js';
import { buildTideServer } from './tides.js';

const app = Fastify({ logger: true });
const tideServer = buildTideServer();

await app.register(tidePlugin, { tideServer, prefix: '/tides' });
await app.listen({ port: 4100 });
