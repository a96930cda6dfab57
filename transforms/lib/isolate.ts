/*
 * The core rewrite: a server instance that is connected to many transports
 * (and a stateless transport shared by every request) becomes a builder that is
 * called once per request, session or SSE stream.
 */
import type { Collection, JSCodeshift } from 'jscodeshift';
import {
  type AnyNode,
  type AnyPath,
  ancestorIn,
  contains,
  enclosingFunction,
  hasComment,
  hasOwnAwait,
  isReference,
  lineOf,
  listOf,
  memberName,
  statementOf,
  unwrap,
} from './ast.js';
import { type Finding, IGNORE_DIRECTIVE, RULES } from './findings.js';
import { type ConnectGuard, connectGuard } from './guards.js';
import { FileContext, type Insertion, type SharedTransport, type Unsafe, indexFile } from './file-context.js';
import { dropServerCaches } from './caching-getters.js';
import { isolateClassServers } from './class-servers.js';
import { importedCreatesServer, markExportedTransports, markForeignServers } from './foreign-servers.js';
import {
  CONFIG_METHODS,
  HOOKS,
  ancestorHas,
  closeCallOf,
  isCoveredBy,
  isHookAssignment,
  isServerChain,
  isStatelessOptions,
  mentions,
  unwrapNode,
} from './patterns.js';
import { printOptionsFor } from '../../lib/edit/print-options.js';
import { lockLiteralLines } from '../../lib/edit/lock-templates.js';
import { planSessions, sessionHelperPossible } from './sessions.js';
import { type OverwrittenStream, applyStreamMap, overwrittenStream, planStreamLookups } from './sse-streams.js';
import {
  HTTP_TRANSPORT_CLASSES,
  SERVER_CLASSES,
  type SdkClass,
  classOfNew,
  findSdkBindings,
  mentionsSdkServer,
} from './sdk-imports.js';

export interface IsolateResult {
  /** The rewritten source, or undefined when nothing changed. */
  source: string | undefined;
  findings: Finding[];
}

const BUILDER_NAMES = ['createMcpServer', 'createMcpServerInstance', 'buildMcpServer', 'newMcpServer'];

type ConnectKind = 'shared-stateless' | 'shared-stateful' | 'per-connection' | 'stdio' | 'unknown';

interface Connect {
  ref: AnyPath;
  call: AnyPath;
  kind: ConnectKind;
  transport?: SharedTransport;
}

export interface IsolateOptions {
  /** Whether the file is TypeScript (decides whether added code carries type arguments); detected when omitted. */
  typescript?: boolean;
  /**
   * The source of a module this file imports (`./server.js`), so a function imported
   * from it can be judged: a factory, or a getter that keeps one server. Without it,
   * imported functions are taken to be factories.
   */
  readImport?: (specifier: string) => string | undefined;
  /**
   * Module-level servers that other modules import and connect (found by the project
   * pass), by local name, with the name of the exported builder that replaces them.
   */
  exportedServers?: ReadonlyMap<string, string>;
  /**
   * Classes whose constructor takes a server, by local name, with the argument's
   * position: the project pass found the class now takes a function that builds one,
   * so a server passed there is replaced by its builder.
   */
  factoryArguments?: ReadonlyMap<string, number>;
  /** Classes of this file whose injected server becomes an injected builder (their callers are all rewritten). */
  injectedClasses?: ReadonlySet<string>;
  /** Exported caching getters lose their cache even though this file connects nothing (the project pass found its importers do). */
  uncacheExportedGetters?: boolean;
}

export function isolateMcpServer(source: string, j: JSCodeshift, settings: IsolateOptions = {}): IsolateResult {
  const findings: Finding[] = [];
  if (!mentionsSdkServer(source)) return { source: undefined, findings };
  // recast measures the original indentation with the same options it prints with.
  const options = printOptionsFor(source);
  const root = j(source, options);
  const index = indexFile(j, root);
  for (const paths of index.byType.values()) for (const path of paths) indentFromOwnLine(path.node);
  const pathsOf = (type: string) => index.byType.get(type) ?? [];
  const bindings = findSdkBindings(j, root, pathsOf);
  // ast-types' scope analysis cannot read `catch {}` (no binding): give those a
  // placeholder while analysing, and take it back before printing.
  const bindingless = pathsOf('CatchClause').map((path) => path.node).filter((clause) => clause.param == null);
  for (const clause of bindingless) clause.param = j.identifier('__mcpIsolateCatchBinding');
  const typescript = settings.typescript ?? pathsOf('TSTypeAnnotation').length + pathsOf('TSTypeReference').length > 0;
  const rewriter = new FileRewriter(j, root, bindings, source, findings, typescript, settings.readImport, index);
  rewriter.exportedServers = settings.exportedServers ?? new Map();
  rewriter.factoryArguments = settings.factoryArguments ?? new Map();
  rewriter.injectedClasses = settings.injectedClasses ?? new Set();
  rewriter.uncacheExportedGetters = settings.uncacheExportedGetters ?? false;
  const changed = rewriter.run();
  for (const clause of bindingless) clause.param = null;
  if (!changed) return { source: undefined, findings };
  lockLiteralLines(root.get().node, [...pathsOf('TemplateLiteral'), ...pathsOf('StringLiteral')].map((path) => path.node));
  let output = keepShebang(source, keepDirectivePrologue(source, root.toSource(options)));
  if (options.useTabs) output = tabsForPrintedIndent(source, output, options.tabWidth ?? 4);
  return { source: output, findings };
}

/**
 * recast indents the first statement of a reprinted block with spaces even when
 * told to use tabs. Lines that exist verbatim in the original (template literals
 * included) are never touched.
 */
function tabsForPrintedIndent(before: string, after: string, tabWidth: number): string {
  const originalLines = new Set(before.split(/\r?\n/));
  return after
    .split('\n')
    .map((line) => {
      const match = /^( +)(\S.*)?$/.exec(line.replace(/\r$/, ''));
      if (!match || originalLines.has(line.replace(/\r$/, '')) || (match[1] as string).length % tabWidth !== 0) return line;
      return '\t'.repeat((match[1] as string).length / tabWidth) + line.slice((match[1] as string).length);
    })
    .join('\n');
}

/**
 * recast re-indents a reprinted node by the indentation of the nearest ancestor
 * that starts a line, so a callback in `http\n  .createServer(async () => {...})`
 * loses a level. The indentation of the node's own first line is the right one.
 */
function indentFromOwnLine(node: AnyNode): void {
  const loc = node?.loc;
  if (loc?.lines && !/Comment|^Line$|^Block$/.test(node.type)) loc.indent = loc.lines.getIndentAt(loc.start.line);
}

/** recast prints a `#!` line without its line end when the Program is reprinted. */
function keepShebang(before: string, after: string): string {
  const original = /^#![^\r\n]*(\r?\n)/.exec(before);
  if (!original || after.startsWith(original[0])) return after;
  const line = original[0].slice(0, -(original[1] as string).length);
  return after.startsWith(line) ? original[0] + after.slice(line.length).replace(/^[ \t]*/, '') : after;
}

/** recast prints a reprinted Program's `'use strict';` directive with a second semicolon and no blank line after it. */
function keepDirectivePrologue(before: string, after: string): string {
  const original = /^(['"])use strict\1;(\r?\n)(\r?\n)?/.exec(before);
  if (!original) return after;
  const printed = /^(['"])use strict\1;;?(\r?\n)(\r?\n)?/.exec(after);
  if (!printed) return after;
  return original[0] + after.slice(printed[0].length);
}

class FileRewriter extends FileContext {
  exportedServers: ReadonlyMap<string, string> = new Map();
  factoryArguments: ReadonlyMap<string, number> = new Map();
  injectedClasses: ReadonlySet<string> = new Set();
  uncacheExportedGetters = false;

  run(): boolean {
    this.importedFactory = (name) => importedCreatesServer(this, name);
    dropServerCaches(this, this.uncacheExportedGetters);
    isolateClassServers(this, this.injectedClasses);
    const servers = this.paths('VariableDeclarator').filter((path) => {
      if (path.node.id.type !== 'Identifier') return false;
      const cls = classOfNew(this.bindings, path.node.init);
      return Boolean(cls && SERVER_CLASSES.includes(cls)) || this.isFactoryCall(path.node.init, path);
    });
    // Servers from elsewhere are judged first, on the AST as parsed: the rewrites
    // below do not touch them, and this way the file is indexed once, not twice.
    markForeignServers(this, new Set(servers.map((path) => path.node)));
    markExportedTransports(this);
    for (const declarator of servers) this.isolateServer(declarator);
    return this.changed;
  }

  // ---------------------------------------------------------------- analysis

  private isolateServer(declarator: AnyPath): void {
    const j = this.j;
    const name: string = declarator.node.id.name;
    const declaration = declarator.parent as AnyPath;
    const statement = statementOf(declarator);
    if (!statement) return;
    const owner = enclosingFunction(declarator);
    const refs = this.referencesTo(name, declarator);
    const list = listOf(statement);

    const connects: Connect[] = [];
    const configAnchors = new Set<AnyPath>();
    const helpers = new Map<string, AnyPath>();
    const others: AnyPath[] = [];
    const unsafe: Unsafe[] = [];

    const factoryUses: AnyPath[] = [];
    for (const ref of refs) {
      if (this.isFactoryArgument(ref)) {
        factoryUses.push(ref);
        continue;
      }
      const member = ref.parent as AnyPath;
      const call = member?.parent as AnyPath;
      if (memberName(member?.node) === 'connect' && member.node.object === ref.node && call?.node.type === 'CallExpression' && call.node.callee === member.node) {
        connects.push({ ref, call, ...this.classifyConnect(call, owner) });
        continue;
      }
      const anchor = ancestorIn(ref, list);
      if (anchor && anchor !== statement && this.isConfigAnchor(anchor.node, name)) {
        configAnchors.add(anchor);
        continue;
      }
      // const tool = (name, ...) => server.registerTool(name, ...): set-up helpers closed over the server.
      const helper = anchor && anchor !== statement ? helperDeclared(anchor.node) : undefined;
      if (anchor && helper && !connects.some((connect) => contains(anchor, connect.call))) {
        helpers.set(helper, anchor);
        configAnchors.add(anchor);
        continue;
      }
      others.push(ref);
    }
    if (helpers.size > 0) {
      for (const [index, node] of list.entries()) {
        if (node !== statement.node && this.callsHelper(node, helpers)) configAnchors.add((statement.parentPath as AnyPath).get(index) as AnyPath);
      }
      const anchored = [...configAnchors];
      for (const helperName of helpers.keys()) {
        for (const use of this.identifierPaths(helperName)) {
          if (!isReference(use) || anchored.some((anchor) => contains(anchor, use))) continue;
          if (use.scope?.lookup(helperName) !== (helpers.get(helperName) as AnyPath).scope) continue;
          unsafe.push({ path: use, rule: RULES.serverUsedOutsideRequest, reason: `\`${helperName}\` uses the shared server \`${name}\` and is called outside its set-up; call it with a per-connection server by hand` });
        }
      }
    }

    // Exported, and connected by other modules (the project pass found them): the
    // builder is exported in its place, under the names the importers will use.
    const exportedAs = this.exportedServers.get(name);
    const exportRefs = exportedAs && !owner ? others.filter((ref) => isExportOf(ref)) : [];
    if (exportRefs.length > 0) others.splice(0, others.length, ...others.filter((ref) => !exportRefs.includes(ref)));
    const exportedDeclaration =
      exportedAs && !owner && statement.node.type === 'ExportNamedDeclaration' && statement.node.declaration?.type === 'VariableDeclaration' && statement.node.declaration.declarations.length === 1
        ? statement.node.declaration
        : undefined;
    const vulnerable = Boolean(exportedDeclaration || exportRefs.length > 0 || factoryUses.length > 0) || connects.some(
      (connect) =>
        connect.kind === 'shared-stateless' ||
        connect.kind === 'shared-stateful' ||
        (connect.kind === 'per-connection' && enclosingFunction(connect.call)?.node !== owner?.node),
    );
    if (!vulnerable) return;
    if (hasComment(statement.node, IGNORE_DIRECTIVE) || hasComment(declaration.node, IGNORE_DIRECTIVE)) return;

    // Blockers that apply to the declaration itself.
    if (!exportedDeclaration && (statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1)) {
      const exported = statement.node.type === 'ExportNamedDeclaration' || statement.node.type === 'ExportDefaultDeclaration';
      unsafe.push({
        path: statement,
        rule: RULES.unsupportedShape,
        reason: exported
          ? `the shared server \`${name}\` is exported, so other modules may use it; give each request its own server`
          : `the shared server \`${name}\` is declared together with other variables; move it into a builder by hand`,
      });
    }
    for (const anchor of configAnchors) {
      if (hasOwnAwait(anchor.node)) {
        unsafe.push({ path: anchor, rule: RULES.unsupportedShape, reason: `this set-up of \`${name}\` awaits, so it cannot move into a synchronous builder` });
      }
    }

    // Where each new server comes from: an existing factory called directly when
    // nothing else configures the instance, otherwise a new builder around it all.
    const insertions: Insertion[] = [];
    const removals: AnyPath[] = [];
    const bindReplacements: Array<{ path: AnyPath; transport: SharedTransport }> = [];
    const factoryCall = !exportedAs && this.isFactoryCall(declarator.node.init, declarator) && configAnchors.size === 0 ? this.text(declarator.node.init) : undefined;
    const builderName = factoryCall ? '' : exportedAs ?? this.freeName(BUILDER_NAMES);
    const create = factoryCall ?? `${builderName}()`;
    const unwraps: ConnectGuard[] = [];
    const streamRewrites: OverwrittenStream[] = [];
    const sessionHelpers: Array<{ transport: SharedTransport; statements: () => AnyNode[]; closes: AnyPath[]; mapName: string }> = [];
    const flagNames = new Set<string>();
    const transports = new Set<SharedTransport>();
    const thenUnwraps: Array<{ statement: AnyPath; callback: AnyNode }> = [];
    const oncloseMoves: Array<() => void> = [];

    for (const connect of connects) {
      if (connect.kind === 'shared-stateful' && connect.transport && !sessionHelperPossible(this, connect.transport)) {
        unsafe.push({
          path: connect.call,
          rule: RULES.statefulSingletonTransport,
          reason: `\`${connect.transport?.name}\` is one stateful transport for the whole process, so only one session can ever initialise; keep a transport per session in a map`,
        });
        continue;
      }
      if ((connect.kind === 'shared-stateless' || connect.kind === 'shared-stateful') && connect.transport) {
        transports.add(connect.transport);
        const guard = connectGuard(connect.call);
        if (guard) {
          // `if (!server.isConnected()) await server.connect(transport)` and friends go with the connect.
          removals.push(guard.guard);
          for (const flag of guard.flags) flagNames.add(flag);
          continue;
        }
        const startup = statementOf(connect.call);
        const shape = startup && this.startupConnectShape(startup.node, connect.call.node);
        if (!startup || !shape) {
          unsafe.push({ path: connect.call, rule: RULES.unsupportedShape, reason: `\`${name}.connect(${connect.transport.name})\` is used as a value; connect per request by hand` });
        } else if (shape === 'statement') removals.push(startup);
        else thenUnwraps.push({ statement: startup, callback: shape });
        continue;
      }
      // Every other connect gets its own server right before it; a connect-once guard
      // around it would skip the new server's connect, so it is unwrapped.
      const guard = connectGuard(connect.call);
      const unwrap = guard?.guard.node.type === 'IfStatement' ? guard : undefined;
      if (unwrap) {
        unwraps.push(unwrap);
        for (const flag of unwrap.flags) flagNames.add(flag);
      }
      this.planBuilderCall(connect.call, refs, name, create, insertions, unsafe, unwrap?.guard);
      // `let transport` that every new SSE stream overwrites: messages would still reach
      // the newest stream, so streams go in a map and messages find theirs.
      const stream = overwrittenStream(this, connect.call);
      if (stream === 'unsafe') {
        unsafe.push({ path: connect.call, rule: RULES.sharedServer, reason: `\`${unwrapNode(connect.call.node.arguments[0]).name}\` is one variable that every new stream overwrites, so messages reach the newest client; keep the streams in a map by session id` });
      } else if (stream) {
        streamRewrites.push(stream);
        planStreamLookups(this, stream, insertions, unsafe);
      }
      const move = this.oncloseAfterConnect(connect.call);
      if (move) oncloseMoves.push(move);
    }

    for (const transport of transports) {
      // A stateful transport's shutdown close() becomes: close every session's transport.
      const shutdown = !transport.stateless && transport.others.length > 0 && transport.others.every((other) => closeCallOf(other));
      if (transport.others.length > 0 && !shutdown) {
        for (const other of transport.others) {
          unsafe.push({ path: other, rule: RULES.sharedStatelessTransport, reason: describeTransportUse(other, transport.name) });
        }
        continue;
      }
      if (!transport.stateless) {
        // One stateful transport: only one session could ever initialise. A transport per
        // session, kept in a map and found by the session header, each with its own server.
        const helper = planSessions(this, transport, create, insertions, unsafe);
        if (helper) sessionHelpers.push({ transport, statements: helper.statements, closes: shutdown ? transport.others.map((other) => closeCallOf(other) as AnyPath) : [], mapName: helper.mapName });
        removals.push(...transport.config);
        continue;
      }
      for (const site of transport.sites) {
        if (memberName(site.node) === 'handleRequest' && (site.parent as AnyPath).node.type === 'MemberExpression') {
          bindReplacements.push({ path: (site.parent as AnyPath).parent as AnyPath, transport });
          continue;
        }
        const live = (path: AnyPath) => !removals.some((removed) => contains(removed, path));
        this.planRequestSetup(site, transport, refs.filter(live), name, create, insertions, unsafe);
      }
      removals.push(transport.statement, ...transport.config);
    }

    // Connect-once flags that only the removed guards used.
    for (const flag of flagNames) {
      const declaration = this.flagDeclaration(flag, [...removals, ...unwraps.map((guard) => guard.guard)]);
      if (declaration) removals.push(declaration);
    }

    // Whatever still refers to the old singleton is a use outside any request. Two
    // have a clear meaning: a shutdown `close()` (close every live server) and a
    // timer that talks to the server (one per server, cleared when it closes).
    const shutdownCloses: AnyPath[] = [];
    const timers = new Set<AnyPath>();
    // Per-server cleanup only means something when each server lives as long as a
    // session or stream, and ends: a stateless server nobody closes would pile up.
    const sessionLived = factoryUses.length === 0 && connects.every((connect) => connect.kind === 'stdio' || this.connectsSession(connect.call));
    const closedPerRequest = factoryUses.length === 0 && connects.every((connect) => connect.kind === 'stdio' || this.connectsSession(connect.call) || this.closedInHandler(connect.call)) ||
      (transports.size > 0 && [...transports].every((transport) => transport.cls === 'StreamableHTTPServerTransport'));
    for (const ref of others) {
      if (contains(statement, ref)) continue;
      if (unwraps.some((guard) => contains(guard.guard, ref) && !ancestorHas(ref, guard.connect))) continue;
      if (removals.some((removed) => contains(removed, ref)) || thenUnwraps.some((unwrapTarget) => contains(unwrapTarget.statement, ref) && !this.insideThenCallback(ref, unwrapTarget.callback))) continue;
      if (isCoveredBy(ref, insertions)) continue;
      const close = closeCallOf(ref);
      if (close && !factoryCall && closedPerRequest) {
        shutdownCloses.push(close);
        continue;
      }
      const timer = timerStatementOf(ref, list);
      if (timer && !factoryCall && sessionLived && transports.size === 0 && !hasOwnAwait(timer.node)) {
        timers.add(timer);
        continue;
      }
      unsafe.push({ path: ref, rule: RULES.serverUsedOutsideRequest, reason: describeServerUse(ref, name) });
    }
    const needsCloseHook = timers.size > 0 || shutdownCloses.length > 0;
    const liveServers = shutdownCloses.length > 0 ? this.freeName(['liveServers', 'liveMcpServers', 'openServers']) : '';
    const hookTarget = classOfNew(this.bindings, declarator.node.init) === 'McpServer' ? `${name}.server` : name;
    if (needsCloseHook) {
      const userHook = [...configAnchors].find((anchor) => isHookAssignment(anchor.node, name, 'onclose'));
      if (userHook) {
        unsafe.push({ path: userHook, rule: RULES.serverUsedOutsideRequest, reason: `\`onclose\` is set here, and the timers or shutdown code of \`${name}\` need it per server; move them by hand` });
      }
    }

    if (unsafe.length > 0) {
      this.markUnsafe(unsafe);
      const { line, column } = lineOf(declarator.node);
      this.findings.push({
        rule: RULES.sharedServer,
        line,
        column,
        status: 'review',
        message: `\`${name}\` is one server shared by every connection; not rewritten because of the marked uses`,
      });
      return;
    }

    // ---------------------------------------------------------------- rewrite
    if (factoryCall) {
      list.splice(list.indexOf(statement.node), 1);
    } else {
      const anchors = [...configAnchors].sort((a, b) => list.indexOf(a.node) - list.indexOf(b.node));
      const tail: string[] = [];
      const cleanups: string[] = [];
      const timerNodes: AnyNode[] = [];
      for (const timer of [...timers].sort((a, b) => list.indexOf(a.node) - list.indexOf(b.node))) {
        const handle = this.freeName([`${name}Timer`, `${name}Interval`]);
        this.usedNames.add(handle);
        const call = unwrap(timer.node.expression);
        const declaration = this.parseStatements(`const ${handle} = 0${this.semi}`)[0];
        declaration.declarations[0].init = call;
        // The snippet's positions describe other text; printed from scratch, around the original call.
        declaration.loc = null;
        declaration.declarations[0].loc = null;
        declaration.comments = timer.node.comments;
        timerNodes.push(declaration);
        cleanups.push(`${call.callee.name === 'setInterval' ? 'clearInterval' : 'clearTimeout'}(${handle})${this.semi}`);
        list.splice(list.indexOf(timer.node), 1);
      }
      if (shutdownCloses.length > 0) {
        tail.push(`${liveServers}.add(${name})${this.semi}`);
        cleanups.push(`${liveServers}.delete(${name})${this.semi}`);
      }
      if (cleanups.length > 0) {
        tail.push(`${hookTarget}.onclose = () => {`, ...cleanups.map((line) => `${this.indent}${line}`), `}${this.semi}`);
      }
      const body = [
        exportedDeclaration ?? statement.node,
        ...anchors.map((anchor) => anchor.node),
        ...timerNodes,
        ...(tail.length > 0 ? this.parseStatements(tail.join('\n')) : []),
        ...this.parseStatements(`return ${name}${this.semi}`),
      ];
      const declared = j.functionDeclaration(j.identifier(builderName), [], j.blockStatement(body));
      let builder: AnyNode = declared;
      if (exportedDeclaration) {
        builder = j.exportNamedDeclaration(declared);
        builder.comments = statement.node.comments;
        statement.node.comments = null;
      }
      for (const ref of exportRefs) {
        const parent = (ref.parent as AnyPath).node;
        // Renamed in place, so the printer keeps the rest of the statement as written.
        if (parent.type === 'ExportSpecifier') {
          if (parent.exported?.name === name && parent.exported !== parent.local) parent.exported.name = builderName;
        }
        if (parent.type === 'ExportDefaultDeclaration') {
          // A statement parsed from our own text, so it prints in the file's style (recast would add a `;`).
          const replacement = j(`export default ${builderName}${this.semi}`).find(j.Program).get().node.body[0];
          if (parent.comments?.length) {
            // Comments from the file on a snippet's node: printed from scratch, as recast cannot mix the two texts.
            replacement.comments = parent.comments;
            replacement.loc = null;
            replacement.declaration.loc = null;
          }
          (ref.parent as AnyPath).replace(replacement);
        } else ref.node.name = builderName;
      }
      // The builder takes the place of the last registration, so the module's shared
      // state declared between them stays where it was (function declarations hoist).
      const place = anchors.length > 0 ? (anchors[anchors.length - 1] as AnyPath).node : statement.node;
      list.splice(list.indexOf(place), 1, builder);
      for (const moved of [statement, ...anchors]) {
        if (moved.node !== place) list.splice(list.indexOf(moved.node), 1);
      }
      if (liveServers) {
        const type = this.typescript ? `<${this.text(unwrap(declarator.node.init).callee)}>` : '';
        list.splice(list.indexOf(builder), 0, ...this.parseStatements(`const ${liveServers} = new Set${type}()${this.semi}`));
        this.usedNames.add(liveServers);
        for (const close of shutdownCloses) {
          close.replace(this.parseStatements(`Promise.all([...${liveServers}].map((live) => live.close()))${this.semi}`)[0].expression);
        }
      }
    }
    for (const { transport, statements, closes, mapName } of sessionHelpers) {
      const target = listOf(transport.statement);
      target.splice(target.indexOf(transport.statement.node), 1, ...statements());
      for (const close of closes) {
        close.replace(this.parseStatements(`Promise.all([...${mapName}.values()].map((session) => session.close()))${this.semi}`)[0].expression);
      }
    }
    for (const stream of streamRewrites) applyStreamMap(this, stream);
    for (const guard of unwraps) {
      const target = listOf(guard.guard);
      target.splice(target.indexOf(guard.guard.node), 1, guard.connect);
      for (const insertion of insertions) if (insertion.before === guard.guard.node) insertion.before = guard.connect;
    }

    for (const { statement: connectStatement, callback } of thenUnwraps) {
      const target = listOf(connectStatement);
      const replacement = callback.body.type === 'BlockStatement' ? callback.body.body : [this.statementOf(callback.body)];
      target.splice(target.indexOf(connectStatement.node), 1, ...replacement);
    }
    for (const removed of removals) {
      const target = listOf(removed);
      const index = target.indexOf(removed.node);
      if (index >= 0) target.splice(index, 1);
    }
    for (const move of oncloseMoves) move();
    for (const insertion of insertions) {
      insertion.list.splice(insertion.list.indexOf(insertion.before), 0, ...insertion.statements());
    }
    for (const { path, transport } of bindReplacements) {
      path.replace(this.requestHandlerArrow(transport, name, create));
    }
    // new HttpRunner(server) -> new HttpRunner(createMcpServer): the class builds one per connection.
    for (const use of factoryUses) {
      const factory = create.endsWith('()') && !create.startsWith('await ') ? create.slice(0, -2) : `() => ${create}`;
      use.replace(this.parseStatements(`(${factory})${this.semi}`)[0].expression);
    }
    for (const fn of this.asyncTargets) fn.async = true;

    const { line, column } = lineOf(declarator.node);
    this.findings.push({
      rule: RULES.sharedServer,
      line,
      column,
      status: 'fixed',
      message: `\`${name}\` was one server shared by every connection; it is now built by \`${create.replace(/^await /, '')}\` for each request or session`,
    });
    for (const transport of transports) {
      const at = lineOf(transport.declarator.node);
      this.findings.push(
        transport.stateless
          ? { rule: RULES.sharedStatelessTransport, ...at, status: 'fixed', message: `\`${transport.name}\` was one stateless transport shared by every request; each request now gets its own` }
          : { rule: RULES.statefulSingletonTransport, ...at, status: 'fixed', message: `\`${transport.name}\` was one stateful transport for the whole process; each session now gets its own transport and server` },
      );
    }
    if (builderName) this.usedNames.add(builderName);
    this.changed = true;
    this.invalidate();
  }

  /** `new Runner(server)` where the project pass made Runner take a builder in that position. */
  private isFactoryArgument(ref: AnyPath): boolean {
    const parent = (ref.parent as AnyPath | undefined)?.node;
    if (parent?.type !== 'NewExpression' || parent.callee.type !== 'Identifier') return false;
    const index = this.factoryArguments.get(parent.callee.name);
    return index !== undefined && parent.arguments[index] === ref.node;
  }

  private readonly transportCache = new Map<AnyNode, SharedTransport | null>();

  private classifyConnect(call: AnyPath, serverOwner: AnyPath | null): { kind: ConnectKind; transport?: SharedTransport } {
    const arg = unwrap(call.node.arguments[0]);
    if (!arg) return { kind: 'unknown' };
    if (arg.type === 'NewExpression') return { kind: kindOfClass(classOfNew(this.bindings, arg)) };
    if (arg.type !== 'Identifier') return { kind: 'unknown' };
    const scope = call.scope?.lookup(arg.name);
    if (!scope) return { kind: 'unknown' };
    const classes = new Set<SdkClass | undefined>();
    let declarator: AnyPath | undefined;
    this.declaratorsOf(arg.name).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) !== scope) return;
      declarator = path;
      if (path.node.init) classes.add(classOfNew(this.bindings, path.node.init));
    });
    this.assignmentsTo(arg.name).forEach((path: AnyPath) => {
      if (path.scope?.lookup(arg.name) === scope) classes.add(classOfNew(this.bindings, path.node.right));
    });
    const known = [...classes].filter((cls): cls is SdkClass => Boolean(cls));
    if (known.length === 0) return { kind: 'unknown' };
    if (known.every((cls) => cls === 'StdioServerTransport')) return { kind: 'stdio' };
    if (declarator && classes.size === 1) {
      const shared = this.sharedTransport(declarator, serverOwner);
      if (shared) return { kind: shared.stateless ? 'shared-stateless' : 'shared-stateful', transport: shared };
    }
    return { kind: 'per-connection' };
  }

  /** A streamable HTTP transport created once and handed requests from nested handlers. */
  private sharedTransport(declarator: AnyPath, _serverOwner: AnyPath | null): SharedTransport | null {
    if (this.transportCache.has(declarator.node)) return this.transportCache.get(declarator.node) ?? null;
    const result = this.analyseTransport(declarator);
    this.transportCache.set(declarator.node, result);
    return result;
  }

  private analyseTransport(declarator: AnyPath): SharedTransport | null {
    const cls = classOfNew(this.bindings, declarator.node.init);
    if (!cls || !HTTP_TRANSPORT_CLASSES.includes(cls)) return null;
    const statement = statementOf(declarator);
    if (!statement || statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1) return null;
    const name: string = declarator.node.id.name;
    const owner = enclosingFunction(declarator);
    const list = listOf(statement);
    const transport: SharedTransport = {
      name,
      declarator,
      statement,
      newNode: unwrap(declarator.node.init),
      cls,
      stateless: isStatelessOptions(unwrap(declarator.node.init).arguments[0]),
      sites: [],
      config: [],
      others: [],
    };
    for (const ref of this.referencesTo(name, declarator)) {
      const member = ref.parent as AnyPath;
      const method = member.node.object === ref.node ? memberName(member.node) : undefined;
      const call = member.parent as AnyPath;
      if (method === 'handleRequest') {
        const isCall = call.node.type === 'CallExpression' && call.node.callee === member.node;
        const isBind = memberName(call.node) === 'bind' && (call.parent as AnyPath).node.type === 'CallExpression';
        // A bound handleRequest is one handler for every request, wherever it is bound.
        if (isBind || (isCall && enclosingFunction(ref)?.node !== owner?.node)) {
          transport.sites.push(isCall ? call : member);
          continue;
        }
      }
      // `transport.handleRequest.bind(transport)`: the argument is part of the site.
      if ((ref.parent as AnyPath).node.type === 'CallExpression' && memberName((ref.parent as AnyPath).node.callee) === 'bind') continue;
      if (method === 'connect') continue;
      if ((ref.parent as AnyPath).node.type === 'CallExpression' && memberName((ref.parent as AnyPath).node.callee) === 'connect') continue;
      const anchor = ancestorIn(ref, list);
      if (anchor && anchor !== statement && HOOKS.has(method ?? '') && isHookAssignment(anchor.node, name)) {
        transport.config.push(anchor);
        continue;
      }
      transport.others.push(ref);
    }
    return transport.sites.length > 0 ? transport : null;
  }

  /** The declaration of a connect-once flag, when every other use of it is inside the removed guards. */
  private flagDeclaration(flag: string, guards: AnyPath[]): AnyPath | undefined {
    let found: AnyPath | undefined;
    this.declaratorsOf(flag).forEach((path: AnyPath) => {
      const statement = statementOf(path);
      if (!statement || statement.node.type !== 'VariableDeclaration' || statement.node.declarations.length !== 1) return;
      const init = unwrap(path.node.init);
      if (init && !((init.type === 'BooleanLiteral' || init.type === 'Literal') && init.value === false)) return;
      const refs = this.referencesTo(flag, path);
      if (refs.length > 0 && refs.every((ref) => guards.some((guard) => contains(guard, ref)))) found = statement;
    });
    return found;
  }

  /** Is the transport given to this connect an SSE stream or a stateful (session) transport? */
  private connectsSession(call: AnyPath): boolean {
    const arg = unwrap(call.node.arguments[0]);
    const created = arg?.type === 'NewExpression' ? arg : arg?.type === 'Identifier' ? this.creationOf(call, arg.name) : undefined;
    const cls = created && classOfNew(this.bindings, created);
    if (cls === 'SSEServerTransport') return true;
    return Boolean(cls && HTTP_TRANSPORT_CLASSES.includes(cls) && !isStatelessOptions(created.arguments[0]));
  }

  /** Does the function that connects also close the transport or server (say on `res.on('close')`)? */
  private closedInHandler(call: AnyPath): boolean {
    const fn = enclosingFunction(call);
    const arg = unwrap(call.node.arguments[0]);
    if (!fn || arg?.type !== 'Identifier') return false;
    return this.j(fn.node)
      .find(this.j.CallExpression)
      .some((path: AnyPath) => memberName(path.node.callee) === 'close' && unwrap(path.node.callee.object)?.type === 'Identifier' && unwrap(path.node.callee.object).name === arg.name);
  }

  /** `helper(...)` statements (also inside blocks, loops and ifs) for set-up helpers closed over the server. */
  private callsHelper(node: AnyNode, helpers: Map<string, AnyPath>): boolean {
    switch (node?.type) {
      case 'ExpressionStatement': {
        const call = unwrap(node.expression);
        return call?.type === 'CallExpression' && call.callee.type === 'Identifier' && helpers.has(call.callee.name) && node.expression.type !== 'AwaitExpression';
      }
      case 'BlockStatement':
        return node.body.length > 0 && node.body.every((child: AnyNode) => this.callsHelper(child, helpers));
      case 'ForOfStatement':
      case 'ForStatement':
        return this.callsHelper(node.body, helpers);
      case 'IfStatement':
        return this.callsHelper(node.consequent, helpers) && (!node.alternate || this.callsHelper(node.alternate, helpers));
      default:
        return false;
    }
  }

  /** A statement at the server's level that only configures it. */
  private isConfigAnchor(node: AnyNode, name: string): boolean {
    switch (node.type) {
      case 'ExpressionStatement':
        return this.isConfigExpression(node.expression, name);
      case 'BlockStatement':
        return node.body.length > 0 && node.body.every((child: AnyNode) => this.isConfigAnchor(child, name));
      case 'ForStatement':
      case 'ForOfStatement':
      case 'ForInStatement':
        return !mentions(node.type === 'ForStatement' ? [node.init, node.test, node.update] : node.right, name) && this.isConfigAnchor(node.body, name);
      case 'IfStatement':
        return (
          !mentions(node.test, name) &&
          this.isConfigAnchor(node.consequent, name) &&
          (!node.alternate || this.isConfigAnchor(node.alternate, name))
        );
      default:
        return false;
    }
  }

  private isConfigExpression(expression: AnyNode, name: string): boolean {
    const node = unwrap(expression);
    if (!node) return false;
    if (node.type === 'AssignmentExpression') return isHookAssignment({ type: 'ExpressionStatement', expression: node }, name);
    if (node.type !== 'CallExpression') return false;
    const callee = node.callee;
    const method = memberName(callee);
    if (method && isServerChain(callee.object, name)) return CONFIG_METHODS.has(method);
    // registerTools(server, deps): a helper that takes the server.
    return node.arguments.some((arg: AnyNode) => arg.type === 'Identifier' && arg.name === name) && !mentions(callee, name);
  }

  /** The start-up `connect` to a shared transport: a plain statement, or `.then(cb)` whose callback we keep. */
  private startupConnectShape(statement: AnyNode, connectCall: AnyNode): 'statement' | AnyNode | undefined {
    if (statement.type !== 'ExpressionStatement') return undefined;
    const expression = unwrap(statement.expression);
    if (expression === connectCall) return 'statement';
    if (expression?.type === 'CallExpression' && memberName(expression.callee) === 'then' && unwrap(expression.callee.object) === connectCall) {
      const callback = expression.arguments[0];
      if (expression.arguments.length === 1 && callback && (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') && callback.params.length === 0 && !callback.async) {
        return callback;
      }
    }
    return undefined;
  }

  private insideThenCallback(ref: AnyPath, callback: AnyNode): boolean {
    let current: AnyPath | null = ref;
    while (current) {
      if (current.node === callback) return true;
      current = current.parent as AnyPath | null;
    }
    return false;
  }

  // ---------------------------------------------------------------- planning

  /** `const server = createMcpServer();` before the first statement of the connect's block that uses the server. */
  private planBuilderCall(call: AnyPath, refs: AnyPath[], name: string, create: string, insertions: Insertion[], unsafe: Unsafe[], anchor?: AnyPath): void {
    if (isCoveredBy(call, insertions)) return;
    const statement = anchor ?? statementOf(call);
    if (!statement || !sameFunction(statement, call)) {
      unsafe.push({ path: call, rule: RULES.unsupportedShape, reason: `\`${name}.connect(...)\` is not in a statement block; create the server per connection by hand` });
      return;
    }
    const list = listOf(statement);
    const before = firstUser(list, statement.node, refs);
    insertions.push({ list, before, statements: () => this.parseStatements(`const ${name} = ${create}${this.semi}`) });
    const fn = enclosingFunction(statement);
    if (create.startsWith('await ') && fn && !fn.node.async) this.asyncTargets.add(fn.node);
  }

  /** A transport's onclose assigned after connect replaces the server's wrapper; it must be assigned before. */
  private oncloseAfterConnect(call: AnyPath): (() => void) | undefined {
    const arg = call.node.arguments[0];
    const statement = statementOf(call);
    if (!statement || arg?.type !== 'Identifier') return undefined;
    const list = listOf(statement);
    const candidate = list.slice(list.indexOf(statement.node) + 1).find((node) => isHookAssignment(node, arg.name, 'onclose'));
    if (!candidate) return undefined;
    return () => {
      list.splice(list.indexOf(candidate), 1);
      list.splice(list.indexOf(statement.node), 0, candidate);
    };
  }

  /** Per-request server + transport in front of `transport.handleRequest(...)`. */
  private planRequestSetup(site: AnyPath, transport: SharedTransport, refs: AnyPath[], serverName: string, create: string, insertions: Insertion[], unsafe: Unsafe[]): void {
    const statement = statementOf(site);
    const fn = enclosingFunction(site);
    if (!statement || !fn || !contains(fn, statement)) {
      const handler = fn?.node;
      if (handler?.type === 'ArrowFunctionExpression' && handler.body === unwrap(site.node) || handler?.type === 'ArrowFunctionExpression' && unwrap(handler.body) === site.node) {
        // (req, res) => transport.handleRequest(req, res): give the arrow a block body.
        const j = this.j;
        const returned = this.parseStatements(`return 0${this.semi}`)[0];
        returned.argument = handler.body;
        handler.body = j.blockStatement([returned]);
        const block = handler.body.body as AnyNode[];
        insertions.push({ list: block, before: block[0], statements: () => this.requestSetup(site.node, transport, serverName, create) });
        this.asyncTargets.add(handler);
        return;
      }
      unsafe.push({ path: site, rule: RULES.sharedStatelessTransport, reason: `\`${transport.name}.handleRequest\` is used where a per-request transport cannot be created; rewrite by hand` });
      return;
    }
    const serverScope = refs[0]?.scope?.lookup(serverName);
    const siteServerScope = site.scope?.lookup(serverName);
    if (siteServerScope && serverScope && siteServerScope !== serverScope) {
      unsafe.push({ path: site, rule: RULES.sharedStatelessTransport, reason: `the handler already has a \`${serverName}\` of its own; rewrite by hand` });
      return;
    }
    const list = listOf(statement);
    const before = firstUser(list, statement.node, [...refs, ...this.referencesTo(transport.name, transport.declarator)]);
    insertions.push({ list, before, statements: () => this.requestSetup(site.node, transport, serverName, create) });
    if (!fn.node.async && !fn.node.generator) this.asyncTargets.add(fn.node);
  }

  private requestSetup(call: AnyNode, transport: SharedTransport, serverName: string, create: string): AnyNode[] {
    return this.parseStatements(this.requestSetupLines(call.arguments?.[1] && this.text(call.arguments[1]), transport, serverName, create).join('\n'));
  }

  private requestSetupLines(res: string | undefined, transport: SharedTransport, serverName: string, create: string): string[] {
    const nodeStyle = transport.cls === 'StreamableHTTPServerTransport' && res;
    const semi = this.semi;
    return [
      `const ${serverName} = ${create}${semi}`,
      `const ${transport.name} = ${this.text(transport.newNode)}${semi}`,
      ...transport.config.map((config) => this.text(config.node)),
      ...(nodeStyle
        ? [`${res}.on(${this.quote}close${this.quote}, () => {`, `${this.indent}${transport.name}.close()${semi}`, `${this.indent}${serverName}.close()${semi}`, `})${semi}`]
        : []),
      `await ${serverName}.connect(${transport.name})${semi}`,
    ];
  }

  private requestHandlerArrow(transport: SharedTransport, serverName: string, create: string): AnyNode {
    const params = ['req', 'res'].map((base) => this.freeName([base, `_${base}`, `${base}_`]));
    const setup = this.requestSetupLines(params[1], transport, serverName, create).map((line) => `${this.indent}${line}`);
    const text = `handler(async (${params.join(', ')}) => {\n${setup.join('\n')}\n${this.indent}await ${transport.name}.handleRequest(${params.join(', ')})${this.semi}\n})`;
    return this.parseStatements(text)[0].expression.arguments[0];
  }
}

// -------------------------------------------------------------------- helpers

/** `export { server }`, `export { server as mcp }`, `export default server`. */
function isExportOf(ref: AnyPath): boolean {
  const parent = (ref.parent as AnyPath | undefined)?.node;
  return (parent?.type === 'ExportSpecifier' && parent.local === ref.node) || (parent?.type === 'ExportDefaultDeclaration' && parent.declaration === ref.node);
}

function kindOfClass(cls: SdkClass | undefined): ConnectKind {
  if (!cls) return 'unknown';
  if (cls === 'StdioServerTransport') return 'stdio';
  return 'per-connection';
}

function firstUser(list: AnyNode[], fallback: AnyNode, refs: AnyPath[]): AnyNode {
  const limit = list.indexOf(fallback);
  for (let index = 0; index < limit; index++) {
    const candidate = list[index];
    if (refs.some((ref) => ancestorIn(ref, list)?.node === candidate)) return candidate;
  }
  return fallback;
}

/** The name a statement declares when it declares a function (`function f`, `const f = () => ...`). */
function helperDeclared(node: AnyNode): string | undefined {
  if (node.type === 'FunctionDeclaration' && node.id && !node.async && !node.generator) return node.id.name;
  if (node.type !== 'VariableDeclaration' || node.declarations.length !== 1) return undefined;
  const declarator = node.declarations[0];
  const init = unwrap(declarator.init);
  if (declarator.id.type !== 'Identifier' || !(init?.type === 'ArrowFunctionExpression' || init?.type === 'FunctionExpression')) return undefined;
  return declarator.id.name;
}

/** A module-level `setInterval(() => { ...server... }, ms)` statement whose callback holds the use. */
function timerStatementOf(ref: AnyPath, list: AnyNode[]): AnyPath | undefined {
  const anchor = ancestorIn(ref, list);
  const call = anchor?.node.type === 'ExpressionStatement' ? anchor.node.expression : undefined;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'Identifier' || !/^set(Interval|Timeout)$/.test(call.callee.name)) return undefined;
  const callback = call.arguments[0];
  if (!(callback?.type === 'ArrowFunctionExpression' || callback?.type === 'FunctionExpression') || !ancestorHas(ref, callback)) return undefined;
  return anchor ?? undefined;
}

function sameFunction(a: AnyPath, b: AnyPath): boolean {
  return enclosingFunction(a)?.node === enclosingFunction(b)?.node;
}

function describeServerUse(ref: AnyPath, name: string): string {
  const member = (ref.parent as AnyPath)?.node;
  const method = member && member.object === ref.node ? memberName(member) : undefined;
  if (method === 'close') return `\`${name}.close()\` closes the old shared server; close each per-connection server (or its transport) instead`;
  if (method && /^(send|notification|request|createMessage|elicitInput|listRoots|ping)/.test(method)) {
    return `\`${name}.${method}(...)\` runs outside any request, so there is no single server to send it from after the rewrite; send it per session`;
  }
  if (isInTimer(ref)) return `a timer uses the shared server \`${name}\`; make it per session and clear it when the session closes`;
  const parent = (ref.parent as AnyPath)?.node;
  if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') {
    return `the shared server \`${name}\` is exported, so other modules may use it; export a builder instead`;
  }
  return `the shared server \`${name}\` is used outside a request handler; give each connection its own server by hand`;
}

function describeTransportUse(ref: AnyPath, name: string): string {
  const method = memberName((ref.parent as AnyPath)?.node);
  if (method === 'close') return `\`${name}.close()\` closes the old shared transport; each request's transport now closes with its response`;
  return `the shared transport \`${name}\` is used outside a request; create a transport per request by hand`;
}

function isInTimer(path: AnyPath): boolean {
  let current: AnyPath | null = path;
  while (current) {
    const node = current.node;
    if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && /^set(Interval|Timeout|Immediate)$/.test(node.callee.name)) return true;
    current = current.parent as AnyPath | null;
  }
  return false;
}
