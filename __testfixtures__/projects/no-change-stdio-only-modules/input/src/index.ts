import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { server } from './server.js';
import './tools/read.js';

// One process per client: stdio needs no isolation.
await server.connect(new StdioServerTransport());
