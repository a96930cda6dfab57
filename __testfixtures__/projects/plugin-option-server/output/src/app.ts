import Fastify from 'fastify';
import { tidePlugin } from './plugin.js';
import { buildTideServer } from './tides.js';

const app = Fastify({ logger: true });

await app.register(tidePlugin, { tideServer: buildTideServer, prefix: '/tides' });
await app.listen({ port: 4100 });
