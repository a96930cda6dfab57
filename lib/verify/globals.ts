/* Names every JavaScript runtime the servers run on provides: code the rewrite adds may use them. */
export const BUILTIN_GLOBALS = new Set([
  'undefined', 'NaN', 'Infinity', 'globalThis', 'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'Promise', 'Error', 'TypeError', 'RangeError', 'JSON', 'Math', 'Date', 'RegExp',
  'URL', 'URLSearchParams', 'Request', 'Response', 'Headers', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
  'queueMicrotask', 'structuredClone', 'crypto', 'process',
  // TypeScript's own utility types, for types the rewrite writes (`ReturnType<typeof createServer>`).
  'ReturnType', 'Awaited',
]);
