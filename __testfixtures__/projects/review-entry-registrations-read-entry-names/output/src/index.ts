import { desk } from './server.js';
import { http } from './http.js';
import { addBranchTools } from './branch-tools.js';

const branch = process.env.BRANCH ?? 'central';
// mcp-isolate: the tools are registered on the shared server `desk` here, in a module that nothing imports and that starts the process, and these registrations cannot move into the builder in server.ts: it reads `branch`, declared in the entry itself; move them next to the server's creation by hand
addBranchTools(desk, branch);

http.listen(7070);
