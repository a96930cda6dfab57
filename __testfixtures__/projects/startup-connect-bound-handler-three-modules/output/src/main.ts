import { httpServer } from './http.js';

httpServer.listen(Number(process.env.PORT ?? 5050), () => {
  console.log('greenhouse up');
});
