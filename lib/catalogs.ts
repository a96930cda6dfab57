/*
 * Catalogs: a `catalog:` spec in a package.json takes its version from the
 * workspace's catalog, so that is where the SDK is raised. pnpm keeps catalogs in
 * pnpm-workspace.yaml, Yarn (4.10+) in .yarnrc.yml, Bun in the root package.json
 * (bump-sdk.ts edits that one). YAML is edited in place through the `yaml`
 * library's concrete syntax tree: only the version scalar changes, and that is
 * checked before the text is used.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { CST, Composer, Parser, type Scalar, isScalar, parseDocument } from 'yaml';
import { type DependencyChange, SDK_PACKAGE, bumpSpec } from './bump-sdk.js';

export type CatalogManager = 'pnpm' | 'yarn' | 'bun';

export interface CatalogHost {
  file: string;
  manager: CatalogManager;
}

/**
 * The file that defines the catalogs of the workspace a package belongs to: the
 * nearest folder at or above the package (up to the git work tree's root) with
 * pnpm-workspace.yaml, a .yarnrc.yml with catalogs, or a package.json with Bun's.
 */
export function findCatalogHost(packageDir: string, cache = new Map<string, CatalogHost | null>()): CatalogHost | undefined {
  const visited: string[] = [];
  let found: CatalogHost | undefined;
  for (let dir = packageDir, depth = 0; depth < 64; depth++) {
    const cached = cache.get(dir);
    if (cached !== undefined) {
      found = cached ?? undefined;
      break;
    }
    visited.push(dir);
    found = hostIn(dir);
    if (found || existsSync(join(dir, '.git'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const dir of visited) cache.set(dir, found ?? null);
  return found;
}

function hostIn(dir: string): CatalogHost | undefined {
  if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return { file: join(dir, 'pnpm-workspace.yaml'), manager: 'pnpm' };
  const yarnrc = readText(join(dir, '.yarnrc.yml'));
  if (yarnrc !== undefined && /^catalogs?\s*:/m.test(yarnrc)) return { file: join(dir, '.yarnrc.yml'), manager: 'yarn' };
  const pkg = readText(join(dir, 'package.json'));
  if (pkg !== undefined) {
    const json = parseJsonc(pkg) as { workspaces?: unknown; catalog?: unknown; catalogs?: unknown } | undefined;
    const workspaces = json?.workspaces && typeof json.workspaces === 'object' ? (json.workspaces as Record<string, unknown>) : {};
    if (json && ('catalog' in json || 'catalogs' in json || 'catalog' in workspaces || 'catalogs' in workspaces)) {
      return { file: join(dir, 'package.json'), manager: 'bun' };
    }
  }
  return undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export interface YamlCatalogBump {
  /** The new text, or undefined when nothing changes. */
  source: string | undefined;
  changes: DependencyChange[];
  /** Catalogs asked for that hold the SDK, whether or not their entry needed raising. */
  found: Set<string>;
}

/**
 * Raises the SDK in the named catalogs of a pnpm-workspace.yaml or .yarnrc.yml
 * (`default` is the top-level `catalog:`, or `catalogs.default`). Comments, quotes,
 * flow or block style, line endings: every byte but the version stays.
 */
export function bumpYamlCatalogs(text: string, catalogs: ReadonlySet<string>, only: (field: string) => boolean = () => true): YamlCatalogBump {
  const tokens = [...new Parser().parse(text)];
  const documents = [...new Composer({ keepSourceTokens: true }).compose(tokens)];
  const document = documents[0];
  if (!document || documents.length > 1) throw new Error(documents.length > 1 ? 'more than one YAML document' : 'empty YAML file');
  if (document.errors.length > 0) throw new Error(document.errors[0]?.message.split('\n')[0]);

  const changes: DependencyChange[] = [];
  const found = new Set<string>();
  const edits: Edit[] = [];
  for (const catalog of catalogs) {
    const paths: Array<[string, string[]]> = catalog === 'default' ? [['catalog', ['catalog']], ['catalogs.default', ['catalogs', 'default']]] : [[`catalogs.${catalog}`, ['catalogs', catalog]]];
    for (const [field, path] of paths) {
      const node = document.getIn([...path, SDK_PACKAGE], true);
      if (!isScalar(node) || typeof node.value !== 'string' || !node.range) continue;
      found.add(catalog);
      const next = bumpSpec(node.value);
      if (next === undefined || !only(field)) continue;
      changes.push({ field, from: node.value, to: next, line: text.slice(0, node.range[0]).split('\n').length });
      edits.push({ node, path: [...path, SDK_PACKAGE], next });
    }
  }
  if (edits.length === 0) return { source: undefined, changes, found };

  for (const { node, next } of edits) CST.setScalarValue(node.srcToken as CST.Token, next);
  let source = tokens.map((token) => CST.stringify(token)).join('');
  if (!onlyScalarsChanged(text, source, edits)) {
    // The library re-rendered more than the value (a block scalar's indentation, say): edit the value's own bytes.
    source = splice(text, edits);
    if (!onlyScalarsChanged(text, source, edits)) throw new Error(`could not raise ${SDK_PACKAGE} in place`);
  }
  return { source, changes, found };
}

interface Edit {
  node: Scalar;
  path: string[];
  next: string;
}

/**
 * The library's output, checked: read back, each edited entry holds its new value,
 * and the text outside the edited scalars is byte for byte the original's.
 */
function onlyScalarsChanged(before: string, after: string, edits: Edit[]): boolean {
  const reread = parseDocument(after);
  if (reread.errors.length > 0) return false;
  const now = edits.map((edit) => reread.getIn(edit.path, true));
  if (!now.every((node, index) => isScalar(node) && node.range && node.value === edits[index]?.next)) return false;
  return sameText(outside(before, edits.map((edit) => edit.node)), outside(after, now as Scalar[]));
}

/** The pieces of text around the given scalars. */
function outside(text: string, scalars: Scalar[]): string[] {
  const spans = scalars.map((scalar) => scalar.range as [number, number, number]).sort((a, b) => a[0] - b[0]);
  const pieces: string[] = [];
  let from = 0;
  for (const [start, end] of spans) {
    pieces.push(text.slice(from, start));
    from = end;
  }
  pieces.push(text.slice(from));
  return pieces;
}

const sameText = (a: string[], b: string[]) => a.length === b.length && a.every((piece, index) => piece === b[index]);

/** The same edit by hand: the old version's bytes inside each scalar's range (its quotes or block header stay). */
function splice(text: string, edits: Edit[]): string {
  let source = text;
  for (const { node, next } of [...edits].sort((a, b) => (b.node.range as [number, number, number])[0] - (a.node.range as [number, number, number])[0])) {
    const [start, end] = node.range as [number, number, number];
    const at = source.slice(start, end).indexOf(String(node.value));
    if (at < 0) continue;
    source = source.slice(0, start + at) + next + source.slice(start + at + String(node.value).length);
  }
  return source;
}
