/* What a use of a server does, by the method it calls. */

/** Calls that only configure a server: safe to replay on every new instance. */
export const CONFIG_METHODS = new Set([
  'tool',
  'registerTool',
  'resource',
  'registerResource',
  'prompt',
  'registerPrompt',
  'setRequestHandler',
  'setNotificationHandler',
  'removeRequestHandler',
  'removeNotificationHandler',
  'registerCapabilities',
]);

/** Properties assigned to configure a server or transport (hooks). */
export const HOOKS = new Set(['onerror', 'onclose', 'oninitialized', 'fallbackRequestHandler', 'fallbackNotificationHandler']);

/** Methods that talk to the connected client: meaningful only inside a connection. */
export const CLIENT_METHODS = /^(send|notification|request|createMessage|elicitInput|listRoots|ping)/;
