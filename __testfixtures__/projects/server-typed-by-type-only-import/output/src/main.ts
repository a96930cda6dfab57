import express from 'express';
import { addTrackerRoutes } from './routes.js';
import { buildTracker } from './tracker.js';

const app = express();
app.use(express.json());
addTrackerRoutes(app, buildTracker);
app.listen(8080);
