/*
 * Step: a transport per request. A stateless transport created once (and connected
 * once, at start-up) becomes a server and a transport created, connected and closed
 * in each request, right where the request is handed to it. The start-up connect
 * and the guards that hid the sharing go.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import { Runs, type FunctionPath } from '../../scan/runs.js';
import type { SdkClass } from '../../scan/sdk-classes.js';
import { ancestorIn, bare, lineOf, statementOf } from '../../scan/statements.js';
import { type Factory, newInstance, type PlanContext } from '../context.js';
import { HOOKS } from '../../scan/uses.js';
import { memberKey } from '../../scan/flow.js';

/** `transport.handleRequest(...)` in a handler, or `transport.handleRequest.bind(transport)` handed out as one. */
export interface TransportUse {
  path: Path;
  bound: boolean;
}

/**
 * How a reference hands requests to the transport: `transport.handleRequest(...)`, or
 * `transport.handleRequest.bind(transport)` (the bind's own argument is part of it: 'bind').
 */
export function requestUseOf(ref: Path): TransportUse | 'bind' | undefined {
  const member = ref.parentPath as Path;
  const method = (member.node as AnyNode).object === ref.node ? memberKey(member.node as AnyNode) : undefined;
  const call = member.parentPath as Path;
  if (method === 'handleRequest' && (call.node as AnyNode).type === 'CallExpression' && (call.node as AnyNode).callee === member.node) return { path: call, bound: false };
  if (method === 'handleRequest' && memberKey(call.node as AnyNode) === 'bind') return { path: call.parentPath as Path, bound: true };
  if ((member.node as AnyNode).type === 'CallExpression' && memberKey((member.node as AnyNode).callee) === 'bind') return 'bind';
  return undefined;
}

/** What each request needs to make its own transport. */
export interface RequestTransport {
  binding: Binding;
  /** The module whose handlers use the transport (where the new code goes). */
  module: SourceModule;
  name: string;
  cls: SdkClass;
  uses: TransportUse[];
  /** `new Transport(...)`: each request makes one and connects a new server to it. */
  creation?: Path<t.NewExpression>;
  /** `transport.onerror = ...` beside the declaration: copied into each request. */
  config?: Path[];
  /** A function that returns a transport it connected to a server of its own: each request calls it. */
  connected?: Factory;
}

export interface SharedTransport extends RequestTransport {
  /** The transport's declaration (in the module that creates it, which may be another one). */
  statement: Path;
  /** Where code that replaces the declaration goes in `module`. */
  anchor: { path: Path; after: boolean };
  creation: Path<t.NewExpression>;
  config: Path[];
}

/** The hooks assigned beside a transport's declaration. */
export function transportConfig(binding: Binding, statement: Path): Path[] {
  const list = statement.container as AnyNode[];
  const config: Path[] = [];
  for (const ref of binding.referencePaths) {
    const anchor = ancestorIn(ref, list);
    if (!anchor || anchor.node === statement.node) continue;
    const node = anchor.node as AnyNode;
    const expression = node.type === 'ExpressionStatement' ? node.expression : undefined;
    if (expression?.type === 'AssignmentExpression' && expression.operator === '=' && HOOKS.has(memberKey(expression.left) ?? '') && bare(expression.left.object)?.type === 'Identifier' && bare(expression.left.object).name === binding.identifier.name) {
      if (!config.some((known) => known.node === anchor.node)) config.push(anchor);
    }
  }
  return config;
}

/** In each handler that hands a request to the shared transport: a server and a transport of its own. */
export function transportPerRequest(ctx: PlanContext, transport: RequestTransport, serverName?: string, server?: Factory): void {
  const { module } = transport;
  const edits = ctx.tx.at(module);
  const covered = new Set<AnyNode>();
  for (const use of transport.uses) {
    if (use.bound) {
      // transport.handleRequest.bind(transport): a handler of its own, written out.
      const params = ['req', 'res'].map((base) => freeIn(use.path, [base, `_${base}`, `${base}_`]));
      // Kept in a variable, the handler is typed by nothing around it: its parameters say what they are.
      const typed = module.typescript && transport.cls.name === 'StreamableHTTPServerTransport' && (use.path.parentPath?.node as AnyNode)?.type === 'VariableDeclarator';
      const types = typed ? nodeHttpTypes(ctx, module) : ['', ''];
      const declared = params.map((param, index) => `${param}${types[index]}`);
      edits.replace(use.path, () => {
        // Every line of a statement written over several lines moves in with it (unless a template literal spans them).
        const indentLines = (line: string) => (line.includes('`') ? `${edits.style.indent}${line}` : line.split('\n').map((part) => `${edits.style.indent}${part}`).join('\n'));
        const lines = setupLines(ctx, transport, serverName, server, params[1], edits.style).map(indentLines);
        const code = `handler(async (${declared.join(', ')}) => {\n${lines.join('\n')}\n${edits.style.indent}await ${transport.name}.handleRequest(${params.join(', ')})${edits.style.semi}\n})`;
        return (edits.statements(code)[0] as AnyNode).expression.arguments[0];
      });
      continue;
    }
    const call = use.path as Path<t.CallExpression>;
    const handler = Runs.enclosing(call);
    if (!handler) {
      ctx.block(module, call, `\`${transport.name}.handleRequest\` is used where a per-request transport cannot be created; rewrite by hand`, RULES.sharedStatelessTransport);
      continue;
    }
    const res = (call.node.arguments[1] as AnyNode) ? edits.text(call.node.arguments[1]) : undefined;
    const make = () => edits.statements(setupLines(ctx, transport, serverName, server, res, edits.style).join('\n'));
    const body = handler.node.body as AnyNode;
    if (body.type !== 'BlockStatement') {
      // (req, res) => transport.handleRequest(req, res): the arrow gets a block body.
      if (!isReturnedExpression(call, handler)) {
        ctx.block(module, call, `\`${transport.name}.handleRequest\` is used where a per-request transport cannot be created; rewrite by hand`, RULES.sharedStatelessTransport);
        continue;
      }
      edits.replace(handler.get('body') as Path, () => {
        const block = module.j.blockStatement([...make(), ...edits.statements(`return 0${edits.style.semi}`)]);
        (block.body[block.body.length - 1] as AnyNode).argument = body;
        return block;
      });
      edits.makeAsync(handler);
      continue;
    }
    const statement = statementOf(call);
    if (!statement || statement.getFunctionParent()?.node !== handler.node) {
      ctx.block(module, call, `\`${transport.name}.handleRequest\` is used where a per-request transport cannot be created; rewrite by hand`, RULES.sharedStatelessTransport);
      continue;
    }
    if (shadows(statement, transport.name, transport.binding) || (serverName !== undefined && shadows(statement, serverName, undefined))) {
      ctx.block(module, call, `the handler already has a \`${transport.name}\` or \`${serverName}\` of its own; rewrite by hand`, RULES.sharedStatelessTransport);
      continue;
    }
    const list = statement.container as AnyNode[];
    if (covered.has(list)) continue;
    covered.add(list);
    const anchor = firstUser(statement, serverName === undefined ? [transport.name] : [transport.name, serverName]);
    edits.insertBefore(anchor, make);
    if (!handler.node.async && !(handler.node as AnyNode).generator) edits.makeAsync(handler);
  }
  ctx.absorb(transport.uses.map((use) => use.path));
  ctx.tx.fixed.push({
    module,
    finding: {
      rule: RULES.sharedStatelessTransport,
      ...lineOf(transport.binding.path.node),
      status: 'fixed',
      message: `\`${transport.name}\` was one stateless transport shared by every request; each request now gets its own`,
    },
  });
}

function setupLines(ctx: PlanContext, transport: RequestTransport, serverName: string | undefined, server: Factory | undefined, res: string | undefined, style: { semi: string; indent: string; quote: string }): string[] {
  const edits = ctx.tx.at(transport.module);
  const nodeStyle = transport.cls.name === 'StreamableHTTPServerTransport' && res;
  const { semi, indent, quote } = style;
  // Closing the transport closes the server the function connected to it.
  if (transport.connected) {
    return [`const ${transport.name} = ${newInstance(transport.connected)}${semi}`, ...(nodeStyle ? [`${res}.on(${quote}close${quote}, () => {`, `${indent}${transport.name}.close()${semi}`, `})${semi}`] : [])];
  }
  if (!server || serverName === undefined || !transport.creation) throw new Error('a transport per request needs its creation and a server');
  return [
    `const ${serverName} = ${newInstance(server)}${semi}`,
    `const ${transport.name} = ${edits.text(transport.creation.node)}${semi}`,
    ...(transport.config ?? []).map((config) => edits.text(config.node)),
    ...(nodeStyle ? [`${res}.on(${quote}close${quote}, () => {`, `${indent}${transport.name}.close()${semi}`, `${indent}${serverName}.close()${semi}`, `})${semi}`] : []),
    `await ${serverName}.connect(${transport.name})${semi}`,
  ];
}

/** The first statement of `statement`'s list, up to it, that uses one of the names. */
function firstUser(statement: Path, names: string[]): Path {
  const siblings = statement.parentPath?.get(statement.listKey as string) as unknown as Path[];
  const limit = siblings.findIndex((sibling) => sibling.node === statement.node);
  for (let index = 0; index < limit; index++) {
    const sibling = siblings[index] as Path;
    let uses = false;
    sibling.traverse({
      Identifier(path) {
        if (names.includes(path.node.name) && path.isReferencedIdentifier()) {
          uses = true;
          path.stop();
        }
      },
    });
    if (names.some((name) => (sibling.node as AnyNode).type === 'ExpressionStatement' && bare((sibling.node as AnyNode).expression)?.type === 'Identifier' && bare((sibling.node as AnyNode).expression).name === name)) uses = true;
    if (uses) return sibling;
  }
  return statement;
}

function isReturnedExpression(call: Path, handler: FunctionPath): boolean {
  return bare((handler.node as AnyNode).body) === call.node;
}

/** Whether code at `at` sees a binding of `name` other than `except`. */
function shadows(at: Path, name: string, except: Binding | undefined): boolean {
  const binding = at.scope.getBinding(name);
  if (!binding || binding === except) return false;
  const fn = at.getFunctionParent();
  return Boolean(fn && binding.scope.getFunctionParent() === fn.scope);
}

function freeIn(at: Path, candidates: string[]): string {
  return candidates.find((candidate) => !at.scope.hasBinding(candidate)) ?? `${candidates[0]}2`;
}

const nodeHttpTypeNames = ['IncomingMessage', 'ServerResponse'];

/**
 * `: IncomingMessage`, `: ServerResponse` for a handler's parameters, imported as types
 * from node:http when the module has not (empty when the names mean something else here).
 */
function nodeHttpTypes(ctx: PlanContext, module: SourceModule): string[] {
  const edits = ctx.tx.at(module);
  const missing: string[] = [];
  for (const name of nodeHttpTypeNames) {
    const binding = module.scope.getBinding(name);
    const source = (binding?.path.parentPath?.node as AnyNode | undefined)?.source?.value;
    if (binding && binding.kind === 'module' && (source === 'node:http' || source === 'http')) continue;
    if (binding || edits.isUsed(name)) return ['', ''];
    missing.push(name);
  }
  if (missing.length > 0) {
    for (const name of missing) edits.claim(name);
    const q = edits.style.quote;
    const make = () => edits.statements(`import type { ${missing.join(', ')} } from ${q}node:http${q}${edits.style.semi}`);
    const imports = module.paths('ImportDeclaration');
    const last = imports[imports.length - 1];
    if (last) edits.insertAfter(last, make);
    else edits.insertBefore((module.program.get('body') as unknown as Path[])[0] as Path, make);
  }
  return nodeHttpTypeNames.map((name) => `: ${name}`);
}
