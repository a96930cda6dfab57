import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { transport } from './transport.js';

const server = new McpServer({ name: 'sessions', version: '1.0.0' });
server.registerResource('motd', 'sessions://motd', {}, async (uri) => ({ contents: [{ uri: uri.href, text: 'hello' }] }));

async function main() {
  await server.connect(transport);
  createServer((req, res) => {
    void transport.handleRequest(req, res);
  }).listen(7000);
}

void main();
