import { tides } from './server.js';
import { serve } from './transports/index.js';

await serve(tides, process.env.TRANSPORT === 'stdio' ? 'stdio' : 'sse');
