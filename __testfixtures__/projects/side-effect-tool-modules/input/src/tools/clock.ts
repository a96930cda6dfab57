import { server } from '../server.js';

server.registerTool('now', { description: 'The time on the server' }, async () => ({
  content: [{ type: 'text', text: new Date().toISOString() }],
}));
