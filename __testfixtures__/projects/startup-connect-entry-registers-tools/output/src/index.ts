import { http } from './http.js';

http.listen(7070);
