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
    // mcp-isolate: the server in `this.server` is handed in through the constructor, so every connection shares the caller's instance; `new RelayHub(...)` is part of the package's public API, so it is not changed: take a function that builds a server and call it per connection
    new TideRelay(this.server, this.app, path).listen();
  }
}
