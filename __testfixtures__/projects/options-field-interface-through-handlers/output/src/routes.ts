import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Express } from 'express';
import { sessionHandler } from './handlers.js';

export interface CatalogRoutesSpec {
  catalog: () => McpServer;
  sessions: Map<string, StreamableHTTPServerTransport>;
  basePath: string;
}

export function mountCatalogRoutes(app: Express, { catalog: createCatalog, sessions, basePath }: CatalogRoutesSpec): void {
  const handler = sessionHandler(createCatalog, sessions);
  app.post(basePath, handler);
  app.get(basePath, handler);
}
