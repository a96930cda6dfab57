import express from 'express';
import { serveTides } from './http.js';

const app = express();
app.use(express.json());
const tides = serveTides(app, 'Harwich');
app.listen(6060);

// Announces a new table to whoever is connected.
setInterval(() => {
  void tides.server.sendLoggingMessage({ level: 'info', data: 'tide table refreshed' });
}, 60_000);
