/*
 * Which SDK class an expression names: through imports (named, aliased, namespace,
 * re-exported by the project's own modules), `require`, dynamic `import()`, and
 * subclasses declared in the project. Names alone never decide.
 */
import type { Binding } from '@babel/traverse';
import type * as t from '@babel/types';
import type { AnyNode, Path, SourceModule } from './module.js';
import type { Project } from './project.js';
import { type SdkClass, classesOfModule } from './sdk-classes.js';

export class SdkClasses {
  private readonly cache = new Map<t.Node, SdkClass | null>();

  constructor(
    private readonly project: Project,
    /** v2 packages are recognised only when asked to (their rewrite is opt-in). */
    private readonly includeV2 = false,
  ) {}

  /** The SDK class `new <callee>(...)` constructs, if any. */
  ofNew(path: Path, module: SourceModule): SdkClass | undefined {
    const node = unwrapped(path.node) as AnyNode;
    if (node?.type !== 'NewExpression') return undefined;
    return this.ofReference(path.get('callee') as Path, module);
  }

  /** The SDK class an expression refers to (`McpServer`, `sdk.McpServer`, a subclass). */
  ofReference(path: Path, module: SourceModule, seen = new Set<t.Node>()): SdkClass | undefined {
    const node = path.node as AnyNode;
    if (seen.has(node)) return undefined;
    seen.add(node);
    if (this.cache.has(node)) return this.cache.get(node) ?? undefined;
    const found = this.resolve(path, module, seen);
    this.cache.set(node, found ?? null);
    return found;
  }

  private resolve(path: Path, module: SourceModule, seen: Set<t.Node>): SdkClass | undefined {
    const node = path.node as AnyNode;
    if (node.type === 'Identifier') {
      const binding = path.scope.getBinding(node.name);
      return binding ? this.ofBinding(binding, node.name, module, seen) : undefined;
    }
    if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier' && node.object.type === 'Identifier') {
      // sdk.McpServer through `import * as sdk` or `const sdk = require(...)`
      const binding = path.scope.getBinding(node.object.name);
      const specifier = binding && namespaceSource(binding);
      if (specifier) return this.fromModule(specifier, node.property.name, module, seen);
    }
    return undefined;
  }

  /** A binding that holds a class: an import, a `require`, a class of this module. */
  ofBinding(binding: Binding, name: string, module: SourceModule, seen = new Set<t.Node>()): SdkClass | undefined {
    const declaration = binding.path.node as AnyNode;
    // Babel gives `import type { McpServer }` and `import { type McpServer }` the kind
    // 'unknown': they still name the SDK class in annotations (`server: McpServer`).
    if (binding.kind === 'module' || (binding.path.parentPath?.node as AnyNode)?.type === 'ImportDeclaration') {
      const importDeclaration = binding.path.parentPath?.node as AnyNode;
      if (importDeclaration?.type !== 'ImportDeclaration') return undefined;
      if (declaration.type === 'ImportNamespaceSpecifier') return undefined;
      const imported = declaration.type === 'ImportDefaultSpecifier' ? 'default' : (declaration.imported.name ?? declaration.imported.value);
      return this.fromModule(importDeclaration.source.value, imported, module, seen);
    }
    if (declaration.type === 'ClassDeclaration' || declaration.type === 'ClassExpression') {
      return declaration.superClass ? this.ofReference(binding.path.get('superClass') as Path, module, seen) : undefined;
    }
    if (declaration.type === 'VariableDeclarator') {
      const init = unwrapped(declaration.init);
      const source = requiredModule(init);
      if (source) {
        // const { McpServer } = require(...) / await import(...)
        if (declaration.id.type === 'ObjectPattern') {
          for (const property of declaration.id.properties) {
            if (property.type !== 'ObjectProperty' || property.value?.type !== 'Identifier' || property.value.name !== name) continue;
            const key = property.key.type === 'Identifier' ? property.key.name : property.key.value;
            return this.fromModule(source, key, module, seen);
          }
        }
        return undefined;
      }
      // const M = require(...).McpServer
      if (init?.type === 'MemberExpression' && !init.computed && init.property.type === 'Identifier') {
        const from = requiredModule(unwrapped(init.object));
        if (from) return this.fromModule(from, init.property.name, module, seen);
      }
      if (init?.type === 'ClassExpression') return init.superClass ? this.ofReference(binding.path.get('init.superClass') as Path, module, seen) : undefined;
      // const Server = McpServer
      if (init?.type === 'Identifier' || init?.type === 'MemberExpression') return this.ofReference(binding.path.get('init') as Path, module, seen);
    }
    return undefined;
  }

  /** An exported name of a module: an SDK module, or a project module that defines or re-exports the class. */
  fromModule(specifier: string, exported: string, module: SourceModule, seen: Set<t.Node>): SdkClass | undefined {
    const classes = classesOfModule(specifier);
    if (classes) {
      const cls = classes.get(exported);
      return cls && (!cls.v2 || this.includeV2) ? cls : undefined;
    }
    const target = this.project.resolve(module, specifier);
    if (!target) return undefined;
    const found = this.project.findExport(target, exported);
    if (!found || found.kind !== 'local') return undefined;
    const binding = found.module.scope.getBinding(found.local);
    return binding ? this.ofBinding(binding, found.local, found.module, seen) : undefined;
  }

  /** The SDK class a TypeScript annotation names (`server: McpServer`), for values the scan cannot follow. */
  ofAnnotation(annotation: Path | undefined, module: SourceModule): SdkClass | undefined {
    const node = annotation?.node as AnyNode;
    const type = node?.type === 'TSTypeAnnotation' ? node.typeAnnotation : node;
    if (type?.type !== 'TSTypeReference') return undefined;
    const typeName = type.typeName;
    const path = annotation as Path;
    if (typeName.type === 'Identifier') {
      const binding = path.scope.getBinding(typeName.name);
      return binding ? this.ofBinding(binding, typeName.name, module) : undefined;
    }
    if (typeName.type === 'TSQualifiedName' && typeName.left.type === 'Identifier') {
      const binding = path.scope.getBinding(typeName.left.name);
      const specifier = binding && namespaceSource(binding);
      return specifier ? this.fromModule(specifier, typeName.right.name, module, new Set()) : undefined;
    }
    return undefined;
  }
}

/** The module behind `import * as x from '...'` or `const x = require('...')` / `await import('...')`. */
function namespaceSource(binding: Binding): string | undefined {
  const node = binding.path.node as AnyNode;
  if (node.type === 'ImportNamespaceSpecifier') return (binding.path.parentPath?.node as AnyNode).source.value;
  if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') return requiredModule(unwrapped(node.init));
  return undefined;
}

/** `require('x')`, `await import('x')`, `import('x')`: the specifier. */
export function requiredModule(node: AnyNode): string | undefined {
  const call = unwrapped(node);
  if (call?.type === 'CallExpression') {
    const first = call.arguments[0];
    if (first?.type !== 'StringLiteral') return undefined;
    if ((call.callee.type === 'Identifier' && call.callee.name === 'require') || call.callee.type === 'Import') return first.value;
  }
  if (call?.type === 'ImportExpression' && call.source?.type === 'StringLiteral') return call.source.value;
  return undefined;
}

/** Strips TypeScript wrappers, parentheses and `await`. */
export function unwrapped(node: AnyNode): AnyNode {
  let current = node;
  while (
    current &&
    (current.type === 'TSAsExpression' ||
      current.type === 'TSNonNullExpression' ||
      current.type === 'TSSatisfiesExpression' ||
      current.type === 'TSTypeAssertion' ||
      current.type === 'ParenthesizedExpression' ||
      current.type === 'AwaitExpression')
  ) {
    current = current.type === 'AwaitExpression' ? current.argument : current.expression;
  }
  return current;
}
