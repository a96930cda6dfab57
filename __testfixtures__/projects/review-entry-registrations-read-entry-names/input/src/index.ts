import { desk } from './server.js';
import { http } from './http.js';
import { addBranchTools } from './branch-tools.js';

const branch = process.env.BRANCH ?? 'central';
addBranchTools(desk, branch);

http.listen(7070);
