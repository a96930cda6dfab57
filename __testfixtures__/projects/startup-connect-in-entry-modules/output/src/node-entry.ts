import { serve } from '@hono/node-server';
import { app } from './app.js';

const port = Number(process.env.PANTRY_PORT ?? 8787);
console.log(`pantry listening on ${port}`);
serve({ fetch: app.fetch, port });
