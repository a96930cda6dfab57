import type { Server } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import express from 'express';
import { ConsoleGateway } from './console-gateway.js';
import { EventStreamGateway } from './event-stream-gateway.js';
import type { Gateway } from './gateway.js';
import { SessionGateway } from './session-gateway.js';

/** Opens the gateways asked for on the command line, all serving the planner. */
export class GatewaySet {
  private readonly open: Gateway[] = [];
  private listener: Server | undefined;

  constructor(
    private readonly createServer: () => McpServer,
    private readonly options: { port: number },
  ) {}

  async start(kinds: string[]): Promise<void> {
    const app = express();
    app.use(express.json());
    for (const kind of kinds) {
      const gateway = this.gatewayFor(kind, app);
      await gateway.open();
      this.open.push(gateway);
    }
    if (kinds.some((kind) => kind !== 'console')) this.listener = app.listen(this.options.port);
  }

  async stop(): Promise<void> {
    this.listener?.close();
    await Promise.all(this.open.map((gateway) => gateway.shut()));
  }

  private gatewayFor(kind: string, app: express.Express): Gateway {
    switch (kind) {
      case 'http':
        return new SessionGateway(this.createServer, app, '/mcp');
      case 'sse':
        return new EventStreamGateway(this.createServer, app);
      default:
        return new ConsoleGateway(this.createServer());
    }
  }
}
