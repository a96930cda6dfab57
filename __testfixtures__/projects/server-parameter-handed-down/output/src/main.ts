import { createMcpServer } from './server.js';
import { serve } from './transports/index.js';

await serve(createMcpServer, process.env.TRANSPORT === 'stdio' ? 'stdio' : 'sse');
