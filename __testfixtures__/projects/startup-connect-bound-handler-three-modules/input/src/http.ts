import { createServer } from 'node:http';
import { transport } from './transport.js';

const onRequest = transport.handleRequest.bind(transport);

export const httpServer = createServer(onRequest);
