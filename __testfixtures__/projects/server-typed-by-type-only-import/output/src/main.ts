import express from 'express';
import { addTrackerRoutes } from './routes.js';
import { startStdio } from './stdio.js';
import { buildTracker } from './tracker.js';

if (process.argv.includes('--stdio')) {
  const tracker = buildTracker();
  await startStdio(tracker);
} else {
  const app = express();
  app.use(express.json());
  addTrackerRoutes(app, buildTracker);
  app.listen(8080);
}
