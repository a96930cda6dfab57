import { serve } from '@hono/node-server';
import { app, server, transport } from './app.js';

server.connect(transport).then(() => {
  const port = Number(process.env.PANTRY_PORT ?? 8787);
  console.log(`pantry listening on ${port}`);
  serve({ fetch: app.fetch, port });
});
