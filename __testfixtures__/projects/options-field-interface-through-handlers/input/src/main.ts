import express from 'express';
import { createCatalogServer } from './catalog.js';
import { mountCatalogRoutes } from './routes.js';

const app = express();
app.use(express.json());
const catalog = createCatalogServer();
mountCatalogRoutes(app, { catalog, sessions: new Map(), basePath: '/mcp' });
app.listen(8130);
