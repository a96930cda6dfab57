import http from 'node:http';
import { server } from './server.js';
import { transport } from './transport.js';

await server.connect(transport);

const httpServer = http.createServer(async (req, res) => {
  if (req.method === 'POST' && req.url === '/mcp') {
    await transport.handleRequest(req, res);
    return;
  }
  res.writeHead(404).end();
});

httpServer.listen(Number(process.env.PORT ?? 4000));
