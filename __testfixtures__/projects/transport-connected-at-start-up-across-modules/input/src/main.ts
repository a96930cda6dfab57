import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerTankTools } from './tools/tanks.js';
import { toolAdder } from './tools/adder.js';
import { makeTransport } from './http/transport.js';
import { createAquariumApp } from './http/app.js';

const server = new McpServer({ name: 'aquarium', version: '1.4.0' });

// Tools come through a helper that knows the server.
registerTankTools(toolAdder(server));

// One transport, connected before the app starts.
const transport = makeTransport();
server.connect(transport);

const app = createAquariumApp(transport, server);
app.listen(Number(process.env.PORT ?? 7070));
