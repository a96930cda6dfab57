import express from 'express';
import { mountAtlas } from './routes.js';

const app = express();
app.use(express.json());
const atlas = mountAtlas(app, process.env.REGION ?? 'coast');
const listener = app.listen(5050);

process.on('SIGTERM', async () => {
  await atlas.close();
  listener.close();
});
