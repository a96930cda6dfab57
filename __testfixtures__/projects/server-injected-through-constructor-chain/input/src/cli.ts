#!/usr/bin/env node
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { loadBeds } from './beds.js';
import { GatewaySet } from './gateways/gateway-set.js';

async function main(): Promise<void> {
  const beds = await loadBeds(process.env.BEDS_FILE ?? 'beds.json');
  const version = process.env.npm_package_version ?? '0.0.0';
  const server = new McpServer({ name: 'garden-planner', version });
  console.error(`loaded ${beds.size} beds`);
  server.registerTool('bed_contents', { description: 'What grows in a bed', inputSchema: { bed: z.string() } }, async ({ bed }) => ({
    content: [{ type: 'text', text: (beds.get(bed) ?? []).join(', ') || 'empty' }],
  }));

  const gateways = new GatewaySet(server, { port: Number(process.env.PORT ?? 3000) });
  await gateways.start((process.env.GATEWAYS ?? 'http').split(','));

  process.on('SIGTERM', async () => {
    await gateways.stop();
    await server.close();
    process.exit(0);
  });
}

void main();
