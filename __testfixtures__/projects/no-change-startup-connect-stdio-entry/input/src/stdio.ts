import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildTimezoneServer } from './app.js';

// One client on stdin: one server, connected once.
const server = buildTimezoneServer();
const transport = new StdioServerTransport();

server.connect(transport).then(() => {
  console.error('timezones on stdio');
});
