import express from 'express';
import { mcpRouter, server, transport } from './mcp.js';

const app = express();
app.use(express.json());
app.use(mcpRouter);

await server.connect(transport);

app.listen(Number(process.env.PORT ?? 3100), () => {
  console.log('parcel tracker ready');
});
