import express from 'express';
import { createCatalogServer } from './catalog.js';
import { mountCatalogRoutes } from './routes.js';

const app = express();
app.use(express.json());
mountCatalogRoutes(app, { catalog: createCatalogServer, sessions: new Map(), basePath: '/mcp' });
app.listen(8130);
