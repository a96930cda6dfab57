import express from 'express';
import { closeAtlas, mountAtlas } from './routes.js';

const app = express();
app.use(express.json());
const atlas = mountAtlas(app, process.env.REGION ?? 'coast');
const listener = app.listen(5050);

process.on('SIGTERM', async () => {
  await closeAtlas(atlas);
  listener.close();
});
