import { greenhouse } from './mcp.js';
import { httpServer } from './http.js';
import { transport } from './transport.js';

await greenhouse.connect(transport);

httpServer.listen(Number(process.env.PORT ?? 5050), () => {
  console.log('greenhouse up');
});
