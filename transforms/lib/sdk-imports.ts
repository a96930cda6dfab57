import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';
import type * as K from 'ast-types/lib/gen/kinds';

/** Which SDK class a constructor refers to. */
export type SdkClass =
  | 'McpServer'
  | 'Server'
  | 'StreamableHTTPServerTransport'
  | 'WebStandardStreamableHTTPServerTransport'
  | 'SSEServerTransport'
  | 'StdioServerTransport'
  /** `@hono/mcp`'s wrapper: a web-standard streamable HTTP transport driven by Hono's context. */
  | 'StreamableHTTPTransport';

const SDK_SERVER_MODULE = /^(?:npm:)?@modelcontextprotocol\/sdk(?:@[^/]+)?\/server\/(mcp|index|streamableHttp|webStandardStreamableHttp|sse|stdio)(\.js)?$/;

const CLASSES_BY_MODULE: Record<string, SdkClass[]> = {
  mcp: ['McpServer'],
  index: ['Server'],
  streamableHttp: ['StreamableHTTPServerTransport'],
  webStandardStreamableHttp: ['WebStandardStreamableHTTPServerTransport'],
  sse: ['SSEServerTransport'],
  stdio: ['StdioServerTransport'],
};

/**
 * The local names through which a file reaches the SDK's server classes:
 * `direct` maps a local identifier to its class, `namespaces` maps a namespace
 * or `require` object to the classes reachable as its members.
 */
export interface SdkBindings {
  direct: Map<string, SdkClass>;
  namespaces: Map<string, SdkClass[]>;
  /** Names usable in type annotations, `import type` included. */
  types: Map<string, SdkClass>;
}

/** Text a file must contain to be worth parsing: the SDK's package, or a wrapper of it. */
export const SDK_MARKERS: readonly string[] = ['@modelcontextprotocol/sdk', '@hono/mcp'];

/** A cheap test that runs before any parsing. */
export function mentionsSdkServer(source: string): boolean {
  return SDK_MARKERS.some((marker) => source.includes(marker));
}

/** Packages that wrap the SDK's transports and behave the same. */
const WRAPPER_MODULES: Record<string, SdkClass[]> = {
  '@hono/mcp': ['StreamableHTTPTransport'],
};

function classesOf(specifier: unknown): SdkClass[] | undefined {
  if (typeof specifier !== 'string') return undefined;
  if (WRAPPER_MODULES[specifier]) return WRAPPER_MODULES[specifier];
  const match = SDK_SERVER_MODULE.exec(specifier);
  return match ? CLASSES_BY_MODULE[match[1] as string] : undefined;
}

function isRequireOf(node: K.ExpressionKind | null | undefined): SdkClass[] | undefined {
  if (!node || node.type !== 'CallExpression') return undefined;
  const { callee, arguments: args } = node;
  if (callee.type !== 'Identifier' || callee.name !== 'require' || args.length !== 1) return undefined;
  const arg = args[0];
  if (!arg) return undefined;
  if (arg.type === 'StringLiteral' || arg.type === 'Literal') return classesOf((arg as { value: unknown }).value);
  return undefined;
}

/** `pathsOf` answers from an index of the file when the caller has one (one walk instead of two). */
export function findSdkBindings(j: JSCodeshift, root: Collection, pathsOf?: (type: string) => ASTPath<any>[]): SdkBindings {
  const direct = new Map<string, SdkClass>();
  const namespaces = new Map<string, SdkClass[]>();
  const types = new Map<string, SdkClass>();

  (pathsOf ? pathsOf('ImportDeclaration') : root.find(j.ImportDeclaration).paths()).forEach((path) => {
    const classes = classesOf(path.node.source.value);
    if (!classes) return;
    for (const spec of path.node.specifiers ?? []) {
      if (spec.type === 'ImportSpecifier' && spec.local && classes.includes(String(spec.imported.name) as SdkClass)) {
        types.set(String(spec.local.name), String(spec.imported.name) as SdkClass);
      }
    }
    if (path.node.importKind === 'type') return;
    for (const spec of path.node.specifiers ?? []) {
      if (spec.type === 'ImportNamespaceSpecifier' && spec.local) {
        namespaces.set(String(spec.local.name), classes);
      } else if (spec.type === 'ImportSpecifier' && spec.local) {
        const imported = String(spec.imported.name) as SdkClass;
        if ((spec as { importKind?: string }).importKind === 'type') continue;
        if (classes.includes(imported)) direct.set(String(spec.local.name), imported);
      }
    }
  });

  (pathsOf ? pathsOf('VariableDeclarator') : root.find(j.VariableDeclarator).paths()).forEach((path) => {
    const { id, init } = path.node;
    // const { McpServer: M } = require('...')
    const required = isRequireOf(init as K.ExpressionKind);
    if (required) {
      if (id.type === 'Identifier') namespaces.set(id.name, required);
      else if (id.type === 'ObjectPattern') {
        for (const prop of id.properties) {
          if ((prop.type === 'ObjectProperty' || prop.type === 'Property') && prop.key.type === 'Identifier') {
            const imported = prop.key.name as SdkClass;
            const local = prop.value.type === 'Identifier' ? prop.value.name : undefined;
            if (local && required.includes(imported)) direct.set(local, imported);
          }
        }
      }
      return;
    }
    // const M = require('...').McpServer
    if (init && init.type === 'MemberExpression' && id.type === 'Identifier' && init.property.type === 'Identifier') {
      const fromRequire = isRequireOf(init.object as K.ExpressionKind);
      const imported = init.property.name as SdkClass;
      if (fromRequire?.includes(imported)) direct.set(id.name, imported);
    }
  });

  for (const [name, cls] of direct) types.set(name, cls);
  return { direct, namespaces, types };
}

/** The SDK class that `new <callee>(...)` constructs, if any. */
export function classOfCallee(bindings: SdkBindings, callee: K.ExpressionKind | K.V8IntrinsicIdentifierKind): SdkClass | undefined {
  if (callee.type === 'Identifier') return bindings.direct.get(callee.name);
  if (callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.property.type === 'Identifier') {
    const classes = bindings.namespaces.get(callee.object.name);
    const name = callee.property.name as SdkClass;
    return classes?.includes(name) ? name : undefined;
  }
  return undefined;
}

export function classOfNew(bindings: SdkBindings, node: unknown): SdkClass | undefined {
  const expr = unwrapExpression(node);
  if (!expr || expr.type !== 'NewExpression') return undefined;
  return classOfCallee(bindings, expr.callee as K.ExpressionKind);
}

/** Strips `await`, TS `as`/`!`/`satisfies` and parentheses. */
export function unwrapExpression(node: unknown): K.ExpressionKind | undefined {
  let current = node as K.ExpressionKind | undefined;
  while (current) {
    if (current.type === 'TSAsExpression' || current.type === 'TSNonNullExpression' || current.type === 'TSSatisfiesExpression' || current.type === 'ParenthesizedExpression') {
      current = current.expression as K.ExpressionKind;
    } else break;
  }
  return current;
}

export const SERVER_CLASSES: readonly SdkClass[] = ['McpServer', 'Server'];
export const HTTP_TRANSPORT_CLASSES: readonly SdkClass[] = [
  'StreamableHTTPServerTransport',
  'WebStandardStreamableHTTPServerTransport',
  'StreamableHTTPTransport',
];
/** Transports that serve many clients over the network (the ones the CVE is about). */
export const NETWORK_TRANSPORT_CLASSES: readonly SdkClass[] = [...HTTP_TRANSPORT_CLASSES, 'SSEServerTransport'];

export type { ASTPath };
