/* What one reference to a server does with it. */
import { contains } from '../scan/statements.js';
import type { AnyNode, Path } from '../scan/module.js';
import { memberKey } from '../scan/flow.js';
import { CLIENT_METHODS } from '../scan/uses.js';
import type { Model } from '../scan/model.js';

export type UseKind =
  /** `server.connect(transport)` */
  | 'connect'
  /** `server.close()` */
  | 'close'
  /** `server.sendLoggingMessage(...)`, `server.server.notification(...)`: talks to a connected client. */
  | 'client'
  /** `server.isConnected()` */
  | 'connected-test'
  /** `export { server }`, `export default server` */
  | 'export'
  | 'other';

export function useOf(ref: Path): UseKind {
  let member = ref.parentPath;
  let node = member?.node as AnyNode;
  // server.server.x(...) acts on the same connection.
  if ((node?.type === 'MemberExpression' || node?.type === 'OptionalMemberExpression') && node.object === ref.node && memberKey(node) === 'server' && member?.parentPath) {
    const outer = member.parentPath.node as AnyNode;
    if ((outer.type === 'MemberExpression' || outer.type === 'OptionalMemberExpression') && outer.object === node) {
      member = member.parentPath;
      node = outer;
    }
  }
  if (node?.type === 'ExportSpecifier' || node?.type === 'ExportDefaultDeclaration') return 'export';
  if ((node?.type !== 'MemberExpression' && node?.type !== 'OptionalMemberExpression') || !member) return 'other';
  const method = memberKey(node);
  const call = member.parentPath?.node as AnyNode;
  const called = (call?.type === 'CallExpression' || call?.type === 'OptionalCallExpression') && call.callee === node;
  if (!called || !method) return 'other';
  if (method === 'connect') return 'connect';
  if (method === 'close') return 'close';
  if (method === 'isConnected') return 'connected-test';
  if (CLIENT_METHODS.test(method)) return 'client';
  return 'other';
}

/** The call a read takes part in when it is the receiver of `.connect(...)`; the read itself otherwise. */
export function connectOf(read: Path): Path {
  const member = read.parentPath;
  const call = member?.parentPath;
  if (member && call && memberKey(member.node as AnyNode) === 'connect' && (call.node as AnyNode).callee === member.node) return call;
  return read;
}

/** Whether `path` runs inside a `setInterval` / `setTimeout` callback. */
export function inTimer(path: Path): Path | undefined {
  for (let current: Path | null = path; current; current = current.parentPath) {
    const node = current.node as AnyNode;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^set(Interval|Timeout)$/.test(node.callee.name)) return current;
  }
  return undefined;
}

/**
 * Whether a statement hands the server to a function that connects it
 * (`startServer(server, 3000)`): an edge of the server's path to a connect, which
 * the callers step rewrites, never set-up to replay in a builder.
 */
export function handsToConnect(model: Model, statement: Path): boolean {
  for (const site of model.sites) {
    if (site.kind !== 'connect') continue;
    for (const trace of site.serverTraces) {
      for (const step of trace.steps) {
        if (step.kind === 'argument' && contains(statement, step.call)) return true;
      }
    }
  }
  return false;
}


/** Whether a read is the argument a function connects (`startStdio(server)` where `startStdio` connects its parameter). */
export function handedToConnect(model: Model, read: Path): boolean {
  for (const site of model.sites) {
    if (site.kind !== 'connect') continue;
    for (const trace of site.serverTraces) {
      if (trace.steps.some((step) => step.kind === 'argument' && contains(step.arg, read))) return true;
    }
  }
  return false;
}
