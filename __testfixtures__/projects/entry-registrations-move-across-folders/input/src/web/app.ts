import express from 'express';
import { transport } from '../mcp/transport.js';

export const app = express();
app.use(express.json());

app.post('/mcp', async (req, res) => {
  await transport.handleRequest(req, res, req.body);
});
