import express from 'express';
import { addTrackerRoutes } from './routes.js';
import { buildTracker } from './tracker.js';

const app = express();
app.use(express.json());
const tracker = buildTracker();
addTrackerRoutes(app, tracker);
app.listen(8080);
