/*
 * What the scan knows about the code around an MCP server: which callbacks a
 * framework calls once per request, which run right away (once for the code that
 * passes them), and which names a file exports for a framework to call per request.
 * Knowledge of frameworks lives here and nowhere else.
 */
import type * as t from '@babel/types';
import type { AnyNode } from './module.js';

/** Methods whose callback runs once, for the call that passes it (promises, context wrappers, iteration). */
const RUN_NOW_METHODS = new Set([
  'then',
  'catch',
  'finally',
  // AsyncLocalStorage, OpenTelemetry context and tracing scopes
  'run',
  'runWith',
  'startActiveSpan',
  'startSpan',
  'with',
  'withSpan',
  'trace',
  // iteration
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'some',
  'every',
  'find',
  'findIndex',
  // promise queues and locks
  'add',
  'enqueue',
  'schedule',
  'runExclusive',
  'acquire',
  'withLock',
]);

/** Functions called with a callback they run once, now or a little later. */
const RUN_NOW_FUNCTIONS = new Set(['queueMicrotask', 'setImmediate', 'setTimeout', 'nextTick']);

/** Methods that register a handler for the requests of a path: `app.post('/mcp', handler)`. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'any', 'route', 'ws']);
/** Methods that register middleware or hooks run for every request. */
const MIDDLEWARE_METHODS = new Set(['use', 'handle', 'onRequest', 'addHook', 'fetch']);
/** Event listeners: per event at start-up, once per request inside a handler (`res.on('close')`). */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'addEventListener']);

/** Functions whose callback is a request handler or a repeating timer: `createServer(cb)`, `serve(cb)`, `setInterval(cb)`. */
const HANDLER_FUNCTIONS = new Set(['createServer', 'createSecureServer', 'serve', 'defineEventHandler', 'eventHandler', 'defineHandler', 'createHandler', 'onConnection', 'onRequest']);

/** Named exports a framework calls per request (Next.js, SvelteKit, Astro, Remix / React Router, Nuxt). */
export const REQUEST_HANDLER_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ALL', 'loader', 'action', 'handler', 'fetch']);

export type CallbackKind =
  /** Runs once for the call that passes it (promises, context wrappers, iteration, one-shot timers). */
  | 'run-now'
  /** A route handler for a path, a request handler of a server, middleware: once per request. */
  | 'per-request'
  /** `setInterval`: again and again, outside any request. */
  | 'timer'
  /** An event listener: per event at start-up, once per request inside a request. */
  | 'listener'
  /** Runs once with the call's other arguments as its parameters (`fastify.register(plugin, opts)`). */
  | 'plugin'
  /** Nothing known about the callee. */
  | 'unknown';

/** How a function passed as argument `index` of `call` is called. */
export function callbackKind(call: t.CallExpression | t.NewExpression, index: number): CallbackKind {
  const callee = call.callee as AnyNode;
  if (call.type === 'NewExpression') return callee.type === 'Identifier' && callee.name === 'Promise' ? 'run-now' : 'unknown';
  const method = calleeMethod(callee);
  const name = callee.type === 'Identifier' ? (callee.name as string) : method;
  if (name === 'setInterval') return 'timer';
  if (callee.type === 'Identifier' && RUN_NOW_FUNCTIONS.has(callee.name)) return 'run-now';
  if (method === 'register' && index === 0) return 'plugin';
  if (method && RUN_NOW_METHODS.has(method)) return 'run-now';
  if (method && LISTENER_METHODS.has(method)) return 'listener';
  if (method && ROUTE_METHODS.has(method)) return 'per-request';
  if (method && MIDDLEWARE_METHODS.has(method)) return 'per-request';
  if (name && HANDLER_FUNCTIONS.has(name)) return 'per-request';
  return 'unknown';
}

function calleeMethod(callee: AnyNode): string | undefined {
  if (callee?.type !== 'MemberExpression' && callee?.type !== 'OptionalMemberExpression') return undefined;
  if (!callee.computed && callee.property.type === 'Identifier') return callee.property.name;
  if (callee.property.type === 'StringLiteral') return callee.property.value;
  return undefined;
}

/** Class decorators of frameworks that build one instance per process (Nest providers and controllers). */
export const SINGLETON_DECORATORS = new Set(['Injectable', 'Controller', 'Module', 'Service', 'Singleton']);
/** Method decorators of frameworks that call the method per request. */
export const HANDLER_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Sse', 'Head', 'Options', 'MessagePattern', 'EventPattern', 'SubscribeMessage']);
