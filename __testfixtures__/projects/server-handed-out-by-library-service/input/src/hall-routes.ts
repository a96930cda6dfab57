import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { Router } from 'express';
import type { LectureHalls } from './lecture-halls.js';

export function hallRoutes(halls: LectureHalls): Router {
  const router = Router();
  const listeners = new Map<string, SSEServerTransport>();
  router.get('/halls/:hall/listen', async (req, res) => {
    const transport = new SSEServerTransport(`/halls/${req.params.hall}/say`, res);
    listeners.set(transport.sessionId, transport);
    res.on('close', () => listeners.delete(transport.sessionId));
    if (!(await halls.open(req.params.hall, transport))) res.status(404).end();
  });
  router.post('/halls/:hall/say', async (req, res) => {
    const transport = listeners.get(String(req.query.sessionId));
    if (!transport) {
      res.status(404).end();
      return;
    }
    await transport.handlePostMessage(req, res);
  });
  return router;
}
