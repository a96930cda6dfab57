import { desk } from './server.js';
import { http } from './http.js';
import { transport } from './transport.js';
import { addBookTool } from './add-book-tool.js';

// mcp-isolate: the tools are registered on the shared server `desk` here, in a module that nothing imports and that does more than register (it starts the process); the builder in server.ts cannot call registrations kept here without importing this module back (running it again, in an import cycle), so move these registrations next to the server's creation by hand
addBookTool(desk);

await desk.connect(transport);

http.listen(7070);
