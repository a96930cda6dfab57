import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { HttpRunner } from './http-runner.js';

const server = new McpServer({ name: 'dice', version: '1.0.0' });
server.registerTool('roll', { description: 'Roll a die', inputSchema: { sides: z.number().int().min(2) } }, async ({ sides }) => ({
  content: [{ type: 'text', text: String(1 + Math.floor(Math.random() * sides)) }],
}));

const runner = new HttpRunner(server);

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      void runner.handle(req, res, body);
    });
  })
  .listen(3000);
