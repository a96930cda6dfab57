import http from 'node:http';
import { McpHost } from './mcp-host.js';

const host = new McpHost('Hello');

http
  .createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      void host.handle(req, res, body ? JSON.parse(body) : undefined);
    });
  })
  .listen(3000);
