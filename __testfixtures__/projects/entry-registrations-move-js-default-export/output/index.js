import { startHttp } from './http.js';

startHttp(Number(process.env.PORT) || 3000);
