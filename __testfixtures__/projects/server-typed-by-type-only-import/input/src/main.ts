import express from 'express';
import { addTrackerRoutes } from './routes.js';
import { startStdio } from './stdio.js';
import { buildTracker } from './tracker.js';

const tracker = buildTracker();
if (process.argv.includes('--stdio')) {
  await startStdio(tracker);
} else {
  const app = express();
  app.use(express.json());
  addTrackerRoutes(app, tracker);
  app.listen(8080);
}
