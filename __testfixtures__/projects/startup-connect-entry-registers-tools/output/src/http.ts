import { createServer } from 'node:http';
import { transport } from './transport.js';

export const http = createServer(async (req, res) => {
  await transport.handleRequest(req, res);
});
