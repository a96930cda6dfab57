import express from 'express';
import { greenhouseServer } from './greenhouse.js';
import { sessionRoutes } from './sessions.js';

const app = express();
app.use(express.json());
sessionRoutes(app, greenhouseServer);
app.listen(3030);
