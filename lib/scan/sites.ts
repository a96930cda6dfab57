/*
 * The places where a server meets a client: `server.connect(transport)`, and a
 * transport handling a request or a posted message. Each is found by its shape
 * and kept only when the trace shows an SDK server (or transport) behind it.
 */
import type * as t from '@babel/types';
import { unwrapped } from './classes.js';
import type { Flow, Trace } from './flow.js';
import { memberKey } from './flow.js';
import { recordConnectArguments } from './connect-arguments.js';
import type { AnyNode, Path, SourceModule } from './module.js';
import type { SdkClasses } from './classes.js';
import type { SdkClass } from './sdk-classes.js';

export interface ConnectSite {
  kind: 'connect';
  module: SourceModule;
  /** `server.connect(transport)` */
  call: Path<t.CallExpression>;
  /** The receiver: the server connected here. */
  server: Path;
  /** The transport handed over, if any. */
  transport: Path | undefined;
  serverTraces: Trace[];
  transportTraces: Trace[];
  /** The server's class, from its creation or its declared type. */
  serverClass: SdkClass;
}

export interface TransportSite {
  kind: 'transport';
  module: SourceModule;
  /** `transport.handleRequest(...)`, `transport.handlePostMessage(...)`, or `transport.handleRequest.bind(transport)`. */
  use: Path;
  method: 'handleRequest' | 'handlePostMessage';
  bound: boolean;
  transport: Path;
  traces: Trace[];
}

export type Site = ConnectSite | TransportSite;

/** A server connected to an SDK transport whose own class the scan cannot see. */
export const UNKNOWN_SERVER: SdkClass = { name: 'McpServer', role: 'server' };

export function findSites(module: SourceModule, flow: Flow, classes: SdkClasses): Site[] {
  const sites: Site[] = [];
  for (const call of module.paths<t.CallExpression>('CallExpression')) {
    const callee = call.node.callee as AnyNode;
    if (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression') continue;
    const method = memberKey(callee);
    if (method === 'connect' && call.node.arguments.length <= 1) {
      const site = connectSite(module, call, flow, classes);
      if (site) sites.push(site);
      continue;
    }
    if (method === 'handleRequest' || method === 'handlePostMessage') {
      const transport = (call.get('callee') as Path).get('object') as Path;
      const traces = flow.trace(transport, module);
      if (traces.some((trace) => trace.origin.kind === 'created' && trace.origin.cls.role === 'transport') || annotatedTransport(transport, module, classes)) {
        sites.push({ kind: 'transport', module, use: call, method, bound: false, transport, traces });
      }
      continue;
    }
    // transport.handleRequest.bind(transport): one handler for every request.
    if (method === 'bind' && memberKey(callee.object) === 'handleRequest') {
      const transport = ((call.get('callee') as Path).get('object') as Path).get('object') as Path;
      const traces = flow.trace(transport, module);
      if (traces.some((trace) => trace.origin.kind === 'created' && trace.origin.cls.role === 'transport')) {
        sites.push({ kind: 'transport', module, use: call, method: 'handleRequest', bound: true, transport, traces });
      }
    }
  }
  return sites;
}

function connectSite(module: SourceModule, call: Path<t.CallExpression>, flow: Flow, classes: SdkClasses): ConnectSite | undefined {
  const server = (call.get('callee') as Path).get('object') as Path;
  const serverTraces = flow.trace(server, module);
  let serverClass: SdkClass | undefined;
  for (const trace of serverTraces) {
    if (trace.origin.kind === 'created' && trace.origin.cls.role === 'server') serverClass = trace.origin.cls;
  }
  serverClass ??= annotatedServer(server, module, classes);
  const transportArg = (call.get('arguments') as Path[])[0];
  const transportTraces = transportArg ? flow.trace(transportArg, module) : [];
  // A receiver the trace cannot follow (an import it cannot read, an untyped parameter)
  // connected to an SDK transport is an SDK server: only a Protocol connects to one.
  // The same holds for a transport the trace cannot follow but whose declared type is an
  // SDK transport (`transport: SSEServerTransport`, a parameter of a service method).
  if (!serverClass && transportArg && (transportTraces.some((trace) => trace.origin.kind === 'created' && trace.origin.cls.role === 'transport') || annotatedTransport(transportArg, module, classes))) serverClass = UNKNOWN_SERVER;
  if (!serverClass) return undefined;
  recordConnectArguments(serverTraces);
  return { kind: 'connect', module, call, server, transport: transportArg, serverTraces, transportTraces, serverClass };
}

/** A value the trace cannot follow, declared as an SDK server (`server: McpServer`). */
function annotatedServer(expression: Path, module: SourceModule, classes: SdkClasses): SdkClass | undefined {
  const cls = annotatedClass(expression, module, classes);
  return cls?.role === 'server' ? cls : undefined;
}

function annotatedTransport(expression: Path, module: SourceModule, classes: SdkClasses): SdkClass | undefined {
  const cls = annotatedClass(expression, module, classes);
  return cls?.role === 'transport' ? cls : undefined;
}

export function annotatedClass(expression: Path, module: SourceModule, classes: SdkClasses): SdkClass | undefined {
  const node = unwrapped(expression.node) as AnyNode;
  if (node?.type === 'Identifier') {
    const binding = expression.scope.getBinding(node.name);
    const id = binding?.path.node as AnyNode;
    const annotated = id?.type === 'VariableDeclarator' ? (binding?.path.get('id') as Path) : binding?.path;
    const typeAnnotation = (annotated?.node as AnyNode)?.typeAnnotation ? (annotated?.get('typeAnnotation') as Path) : undefined;
    return classes.ofAnnotation(typeAnnotation, module);
  }
  if (node?.type === 'MemberExpression' && node.object.type === 'ThisExpression') {
    const name = memberKey(node);
    const classPath = expression.findParent((path) => path.isClass()) as Path<t.Class> | null;
    for (const member of (classPath?.get('body.body') as Path[] | undefined) ?? []) {
      const memberNode = member.node as AnyNode;
      if ((memberNode.type === 'ClassProperty' || memberNode.type === 'ClassPrivateProperty') && memberNode.key?.name === name && memberNode.typeAnnotation) {
        return classes.ofAnnotation(member.get('typeAnnotation') as Path, module);
      }
      if (memberNode.type === 'ClassMethod' && memberNode.kind === 'constructor') {
        for (const [index, param] of (memberNode.params as AnyNode[]).entries()) {
          if (param.type !== 'TSParameterProperty') continue;
          const inner = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
          if (inner.name !== name || !inner.typeAnnotation) continue;
          const paramPath = (member.get('params') as Path[])[index] as Path;
          const innerPath = (paramPath.get('parameter') as Path).isAssignmentPattern() ? ((paramPath.get('parameter') as Path).get('left') as Path) : (paramPath.get('parameter') as Path);
          return classes.ofAnnotation(innerPath.get('typeAnnotation') as Path, module);
        }
      }
    }
  }
  return undefined;
}
