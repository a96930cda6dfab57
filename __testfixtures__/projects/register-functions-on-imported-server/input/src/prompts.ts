import { server } from './server.js';

export function registerPrompts() {
  server.registerPrompt('explain', { description: 'Explain a result' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'Explain the last result.' } }],
  }));
}
