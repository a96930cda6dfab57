/*
 * `export class HttpRunner { constructor(private readonly server: McpServer) {} ... this.server.connect(t) }`
 * with every `new HttpRunner(server)` inside the project: the class takes a function
 * that builds a server instead, and each caller passes its builder. A class nobody in
 * the project constructs, or one a package publishes (`exports`/`types` in its
 * package.json), belongs to its users: it stays marked.
 */
import type { AnyNode, AnyPath } from '../../transforms/lib/ast.js';
import { injectedServer } from '../../transforms/lib/class-servers.js';
import type { Module } from './modules.js';
import { isPublishedLibrary } from './published.js';

export interface InjectedClass {
  /** The module declaring the class, and the class's name there. */
  file: string;
  name: string;
  /** Each module that constructs it: the class's local name there and the argument's position. */
  callers: Array<{ file: string; local: string; index: number; argument: string }>;
}

const INJECTS = /constructor\s*\(\s*[^)]*\b(?:private|protected)\b/;

export function findInjectedClasses(
  candidates: Iterable<string>,
  load: (absolute: string) => Module | undefined,
  importersOf: (module: Module) => Module[],
): InjectedClass[] {
  const found: InjectedClass[] = [];
  for (const file of candidates) {
    if (!/\.[cm]?tsx?$/.test(file)) continue;
    const module = load(file);
    if (!module || !INJECTS.test(module.text) || isPublishedLibrary(file) || !module.parses()) continue;
    for (const [index, statement] of (module.program.body as AnyNode[]).entries()) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type !== 'ClassDeclaration' || !declaration.id) continue;
      const statementPath = module.root.find(module.j.Program).get('body', index) as AnyPath;
      const classPath = statement === declaration ? statementPath : (statementPath.get('declaration') as AnyPath);
      const injected = injectedServer(module.bindings(), classPath);
      if (!injected) continue;
      const name: string = declaration.id.name;
      const callers = [module, ...(statement.type === 'ExportNamedDeclaration' ? importersOf(module) : [])].flatMap((user) => constructions(user, module, name, injected.index));
      if (callers.length === 0 || callers.some((caller) => caller === undefined)) continue;
      found.push({ file, name, callers: callers as InjectedClass['callers'] });
    }
  }
  return found;
}

/** `new C(x)` in a module, with C the class (imported or local); undefined for a construction this pass cannot follow. */
function constructions(user: Module, owner: Module, name: string, index: number): Array<InjectedClass['callers'][number] | undefined> {
  let local: string | undefined = user === owner ? name : undefined;
  for (const edge of user.imports()) {
    if (edge.target !== owner.absolute) continue;
    for (const specifier of edge.path.node.specifiers ?? []) {
      if (specifier.type === 'ImportSpecifier' && (specifier.imported.name ?? specifier.imported.value) === name) local = specifier.local.name;
    }
  }
  if (!local) return [];
  const className = local;
  const sites: Array<InjectedClass['callers'][number] | undefined> = [];
  user.root.find(user.j.Identifier, { name: className }).forEach((path: AnyPath) => {
    const parent = (path.parent as AnyPath).node;
    if (parent.type === 'ImportSpecifier' || parent.type === 'ClassDeclaration') return;
    if (parent.type === 'NewExpression' && parent.callee === path.node) {
      const argument = parent.arguments[index];
      sites.push(argument?.type === 'Identifier' ? { file: user.absolute, local: className, index, argument: argument.name } : undefined);
      return;
    }
    // Any other use (a subclass, a type, a factory map) cannot be followed here.
    if (parent.type !== 'TSTypeReference') sites.push(undefined);
  });
  return sites;
}
