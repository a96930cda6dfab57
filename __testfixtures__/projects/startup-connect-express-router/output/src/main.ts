import express from 'express';
import { mcpRouter } from './mcp.js';

const app = express();
app.use(express.json());
app.use(mcpRouter);

app.listen(Number(process.env.PORT ?? 3100), () => {
  console.log('parcel tracker ready');
});
