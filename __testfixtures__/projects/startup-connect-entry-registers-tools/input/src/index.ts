import { desk } from './server.js';
import { http } from './http.js';
import { transport } from './transport.js';
import { addBookTool } from './add-book-tool.js';

addBookTool(desk);

await desk.connect(transport);

http.listen(7070);
