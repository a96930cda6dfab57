import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type express from 'express';
import { TideRelay } from './tide-relay.js';

/** Mounts the relay on an app the user owns, serving the server the user built. */
export class RelayHub {
  constructor(
    private readonly server: McpServer,
    private readonly app: express.Express,
  ) {}

  mount(path = '/mcp'): void {
    new TideRelay(this.server, this.app, path).listen();
  }
}
