// The entry point: one server, made here, handed to the routes of another module.
import express from 'express';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { addMcpRoutes } from './routes.js';
import { registerWhoami } from './whoami-tool.js';

const server = new McpServer({ name: 'route-function', version: '1.0.0' });

function start(): void {
  registerWhoami(server);
  const app = express();
  app.use(express.json());
  addMcpRoutes(app, server);
  app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
}

start();
