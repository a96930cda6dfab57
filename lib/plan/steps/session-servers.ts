/*
 * Step: the server of the request's session. A handler that connects the shared
 * server only in the branch that opens a session (the initialize request) also runs
 * for every later request of a session, and code there (a "reusing session" log, a
 * progress timer started for the request) used "the" server. After the rewrite each
 * session has its own server, so that code must reach the server of its own session:
 *
 * - reads inside the opening branch, and callbacks written there that belong to the
 *   session (`onsessioninitialized`, `transport.onclose`), see the new server the
 *   branch declares;
 * - reads elsewhere in the handler look the server up by the request's transport,
 *   which every branch has already resolved (the one `handleRequest` is called on):
 *   `serversByTransport.get(transport)`. The map is filled where the session's
 *   server is connected. It is keyed by the transport object, not by session id,
 *   because the id is only assigned while the initialize request is handled (a
 *   timer started for that request would find nothing) and because a weak map lets
 *   a closed session's server go with its transport, with no delete to keep in step.
 *
 * Code that hands the server to something outside the session (`console.log = ...`
 * on a global) stays marked: which client it should reach is a decision.
 */
import type { Binding } from '@babel/traverse';
import { RULES } from '../../findings.js';
import type { AnyNode, Path, SourceModule } from '../../scan/module.js';
import type { FunctionPath } from '../../scan/runs.js';
import { statementOf, contains } from '../../scan/statements.js';
import type { Factory, PlanContext } from '../context.js';

export interface SessionSplit {
  /** Reads that see the server the opening branch declares. */
  fresh: Path[];
  /** Reads that run for a request of an existing session: looked up by transport. */
  session: Path[];
  /** Reads in callbacks that hand the server to something outside the session. */
  escaping: Path[];
}

/**
 * The branch that opens a session: the `if`/`else` block (or `case`) around the
 * connects in the handler. Undefined when the connect runs on every request (then
 * every read of the handler sees the new server) or when connects sit in different
 * branches.
 */
export function openingBranch(context: FunctionPath, connects: Path[]): Path | undefined {
  let found: Path | undefined;
  for (const connect of connects) {
    let branch: Path | undefined;
    for (let current: Path | null = connect.parentPath; current && current.node !== context.node; current = current.parentPath) {
      const parent = current.parentPath?.node as AnyNode | undefined;
      if (parent?.type === 'IfStatement' && (current.key === 'consequent' || current.key === 'alternate')) {
        branch = current;
        break;
      }
      if ((current.node as AnyNode).type === 'SwitchCase') {
        branch = current;
        break;
      }
      if (current.isFunction()) return undefined;
    }
    if (!branch) return undefined;
    if (found && found.node !== branch.node) return undefined;
    found = branch;
  }
  return found;
}

/**
 * Splits the reads of a connecting handler (and reads in callbacks nested in it) by
 * which server they need: the branch's new one, or the session's.
 */
export function splitReads(context: FunctionPath, branch: Path | undefined, reads: Path[], nested: Path[]): SessionSplit {
  const split: SessionSplit = { fresh: [], session: [], escaping: [] };
  for (const read of reads) (branch && !contains(branch, read) ? split.session : split.fresh).push(read);
  for (const read of nested) {
    if (!ownedBySession(read, context)) split.escaping.push(read);
    else (branch && !contains(branch, read) ? split.session : split.fresh).push(read);
  }
  return split;
}

export interface SessionLookup {
  module: SourceModule;
  context: FunctionPath;
  branch: Path;
  connects: Path[];
  reads: Path[];
  name: string;
  factory: Factory;
  binding: Binding;
}

/** `server` -> `serversByTransport.get(transport)!` where the request's transport is known; false when blocked. */
export function sessionServerLookup(ctx: PlanContext, request: SessionLookup): boolean {
  const { module, context, branch, connects, reads, name, factory } = request;
  const edits = ctx.tx.at(module);
  const transport = transportOf(connects);
  const transportBinding = transport ? connects[0]?.scope.getBinding(transport) : undefined;
  // The request's transport must be a variable of the handler, visible outside the branch.
  if (!transport || !transportBinding || transportBinding.scope.getFunctionParent()?.path.node !== context.node || contains(branch, transportBinding.path)) {
    ctx.block(module, reads[0] as Path, `\`${name}\` is used here for a request of an existing session, and the handler keeps no variable for the request's transport to find that session's server by; keep each session's server beside its transport by hand`, RULES.serverUsedOutsideRequest);
    return false;
  }
  const unknown = reads.filter((read) => !transportKnownAt(read, transport, branch, context));
  if (unknown.length > 0) {
    for (const read of unknown) ctx.block(module, read, `\`${name}\` is used here before the request's session is known, so there is no session server to use yet; move this after the session's transport is found`, RULES.serverUsedOutsideRequest);
    return false;
  }
  // Keyed by transport objects, one map for the module is never shared by mistake: it goes
  // after the imports, where nothing can read it before it exists. When the server's type
  // cannot be named there, beside the code that registers the handler (if that runs once).
  const top = topOfModule(module);
  const holder = statementOf(context);
  const atTop = !edits.style.typescript || serverType(top.scope, factory) !== undefined;
  const place = atTop ? top : holder && holder.node !== context.node && ctx.model.runs.repeatingScope(holder, module) === undefined ? { path: holder, after: false, scope: holder.scope } : undefined;
  const type = place ? serverType(place.scope, factory) : undefined;
  if (!place || (edits.style.typescript && !type)) {
    ctx.block(module, reads[0] as Path, `\`${name}\` is used here for a request of an existing session, and there is no place that outlives the requests where each session's server can be kept by its type; keep them by hand`, RULES.serverUsedOutsideRequest);
    return false;
  }
  const map = edits.freeName(['serversByTransport', 'sessionServers', 'serverOfTransport']);
  const { semi } = edits.style;
  const declare = () => edits.statements(`const ${map} = new WeakMap${edits.style.typescript ? `<object, ${type}>` : ''}()${semi}`);
  if (place.after) edits.insertAfter(place.path, declare);
  else edits.insertBefore(place.path, declare);
  for (const connect of connects) {
    const statement = statementOf(connect) as Path;
    edits.insertBefore(statement, () => edits.statements(`${map}.set(${transport}, ${name})${semi}`));
  }
  const lookup = `${map}.get(${transport})${edits.style.typescript ? '!' : ''}`;
  for (const read of reads) {
    edits.replace(read, () => {
      const expression = edits.expression(lookup);
      // A receiver in its own right (`lookup.server.notification(...)`): no parentheses needed.
      if (expression.extra) expression.extra.parenthesized = false;
      return expression;
    });
  }
  ctx.absorb(reads);
  return true;
}

/** The variable every connect hands its transport in (`server.connect(transport)`). */
function transportOf(connects: Path[]): string | undefined {
  let name: string | undefined;
  for (const connect of connects) {
    const argument = (connect.node as AnyNode).arguments?.[0];
    if (argument?.type !== 'Identifier') return undefined;
    if (name && name !== argument.name) return undefined;
    name = argument.name;
  }
  return name;
}

/**
 * Whether the request's transport is set where `read` runs: a statement before it
 * (in any block around it, up to the handler) assigns the transport, or holds the
 * opening branch, after which every way on has a transport (TypeScript's definite
 * assignment already checks the handler's own use of it there).
 */
function transportKnownAt(read: Path, transport: string, branch: Path, context: FunctionPath): boolean {
  for (let current: Path | null = read; current && current.node !== context.node; current = current.parentPath) {
    if (!Array.isArray(current.container) || typeof current.key !== 'number') continue;
    const list = current.container as AnyNode[];
    for (const previous of list.slice(0, current.key)) {
      if (holds(previous, branch.node as AnyNode) || assigns(previous, transport)) return true;
    }
  }
  return false;
}

function holds(node: AnyNode, target: AnyNode): boolean {
  let found = false;
  const visit = (current: AnyNode): void => {
    if (found || !current || typeof current !== 'object') return;
    if (current === target) {
      found = true;
      return;
    }
    if (Array.isArray(current)) return current.forEach(visit);
    if (typeof current.type !== 'string') return;
    for (const key of Object.keys(current)) if (key !== 'loc' && key !== 'comments' && key !== 'tokens' && key !== 'extra') visit(current[key]);
  };
  visit(node);
  return found;
}

/** `transport = ...;` or `let transport = <value>;` */
function assigns(statement: AnyNode, transport: string): boolean {
  if (statement.type === 'ExpressionStatement') {
    const expression = statement.expression;
    return expression.type === 'AssignmentExpression' && expression.operator === '=' && expression.left.type === 'Identifier' && expression.left.name === transport;
  }
  if (statement.type === 'VariableDeclaration') return statement.declarations.some((declarator: AnyNode) => declarator.id.type === 'Identifier' && declarator.id.name === transport && declarator.init);
  return false;
}

/**
 * Whether every function between `read` and the handler belongs to the request or
 * session: a callback handed to a call (`setInterval`, `res.on`), an option of one
 * (`onsessioninitialized`), a hook of a value the handler made (`transport.onclose`),
 * or a local function. A function stored on something the handler did not make
 * (`console.log = ...`) outlives the session and reaches whoever calls it.
 */
function ownedBySession(read: Path, context: FunctionPath): boolean {
  for (let current: Path | null = read.parentPath; current && current.node !== context.node; current = current.parentPath) {
    if (!current.isFunction()) continue;
    let value: Path = current;
    while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
    const parent = value.parentPath as Path;
    const node = parent.node as AnyNode;
    switch (node.type) {
      case 'CallExpression':
      case 'NewExpression':
      case 'OptionalCallExpression':
      case 'VariableDeclarator':
        continue;
      case 'ObjectProperty': {
        const object = parent.parentPath?.parentPath?.node as AnyNode | undefined;
        if ((object?.type === 'CallExpression' || object?.type === 'NewExpression') && object.arguments.includes(parent.parentPath?.node)) continue;
        return false;
      }
      case 'AssignmentExpression': {
        let root = node.left as AnyNode;
        while (root?.type === 'MemberExpression' || root?.type === 'OptionalMemberExpression') root = root.object;
        const owner = root?.type === 'Identifier' ? parent.scope.getBinding(root.name) : undefined;
        if (owner && contains(context, owner.path)) continue;
        return false;
      }
      default:
        return false;
    }
  }
  // An object method (`{ onclose() {...} }`) passed to a call is a callback too.
  return true;
}

/** After the module's last import (or before its first statement). */
function topOfModule(module: SourceModule): { path: Path; after: boolean; scope: Path['scope'] } {
  const imports = module.paths('ImportDeclaration');
  const last = imports[imports.length - 1];
  if (last) return { path: last, after: true, scope: module.scope };
  return { path: (module.program.get('body') as unknown as Path[])[0] as Path, after: false, scope: module.scope };
}

/** The server type the map holds, named where the map is declared. */
function serverType(scope: Path['scope'], factory: Factory): string | undefined {
  // The class itself, when this module imports it from the SDK under its own name (`Server` may be `http`'s).
  const imported = scope.getBinding(factory.cls.name)?.path;
  const source = (imported?.parentPath?.node as AnyNode | undefined)?.source?.value;
  if (imported?.isImportSpecifier() && typeof source === 'string' && source.includes('modelcontextprotocol')) return factory.cls.name;
  if (factory.reference && /^[A-Za-z_$][\w$]*$/.test(factory.reference) && scope.hasBinding(factory.reference)) {
    return factory.async ? `Awaited<ReturnType<typeof ${factory.reference}>>` : `ReturnType<typeof ${factory.reference}>`;
  }
  return undefined;
}


/**
 * `console.log = (line) => server.sendLoggingMessage(...)`: the member a function
 * around `read` is stored on when that outlives any one session (a global, or an
 * object the handler did not make). Its text, for the marker.
 */
export function escapingHook(read: Path): string | undefined {
  for (let current: Path | null = read.parentPath; current; current = current.parentPath) {
    if (!current.isFunction()) continue;
    let value: Path = current;
    while (value.parentPath && /^(TS(As|NonNull|Satisfies)Expression|ParenthesizedExpression)$/.test(value.parentPath.node.type)) value = value.parentPath;
    const parent = value.parentPath?.node as AnyNode | undefined;
    if (parent?.type !== 'AssignmentExpression' || parent.right !== value.node) continue;
    const left = parent.left as AnyNode;
    if (left.type !== 'MemberExpression') continue;
    let root = left;
    while (root?.type === 'MemberExpression') root = root.object;
    if (root?.type !== 'Identifier') continue;
    const owner = value.scope.getBinding(root.name);
    // A global, or a module-level object: it outlives every session.
    if (!owner || owner.scope.getFunctionParent() === null) return `${root.name}.${left.property?.name ?? '…'}`;
  }
  return undefined;
}
