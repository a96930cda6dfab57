/*
 * Call arguments that carry a server to a connect: `serve(server, req)` where `serve`
 * connects its parameter. Such a call consumes the server, it does not configure it,
 * so it never moves into a builder. The scan records them as it traces each connect
 * (nodes are unique per parse, so one registry serves every project).
 */
import type * as t from '@babel/types';
import type { Trace } from './flow.js';

const carried = new WeakSet<t.Node>();

export function recordConnectArguments(traces: readonly Trace[]): void {
  for (const trace of traces) for (const step of trace.steps) if (step.kind === 'argument') carried.add(step.arg.node);
}

/** Whether this argument's value reaches a connect as its server. */
export function carriesToConnect(node: t.Node | null | undefined): boolean {
  return Boolean(node) && carried.has(node as t.Node);
}
