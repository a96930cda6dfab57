import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import semver from 'semver';

export const SDK_PACKAGE = '@modelcontextprotocol/sdk';
export const SAFE_VERSION = '1.26.0';
const VULNERABLE = '>=1.10.0 <1.26.0';

export interface DependencyChange {
  /** `dependencies`, `overrides`, `pnpm.overrides`, `workspaces.catalog`, ... with the key when it is not the plain package name. */
  field: string;
  from: string;
  to: string;
  /** 1-based line of the spec in the file (for SARIF locations). */
  line: number;
}

export interface BumpNote {
  field: string;
  spec: string;
  reason: string;
}

/** A `catalog:` / `catalog:<name>` spec: the version lives in a catalog, which the caller finds and raises. */
export interface CatalogRef {
  field: string;
  spec: string;
  /** `default` for `catalog:` (and `catalog:default`), else the catalog's name. */
  catalog: string;
  line: number;
}

export interface BumpResult {
  /** The new file text, or undefined when nothing changes. */
  source: string | undefined;
  changes: DependencyChange[];
  notes: BumpNote[];
  catalogRefs: CatalogRef[];
  /** Catalogs asked for (Bun's, in this file) that hold the SDK, whether or not their entry needed raising. */
  catalogsFound: Set<string>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
/** Specs that do not name a registry version range: never ours to change. */
const NOT_A_RANGE = /^(workspace:|catalog:|npm:|file:|link:|portal:|patch:|git\+|git:|github:|gitlab:|bitbucket:|https?:)|[/#]/;

/** The raised spec for a range that admits a vulnerable version, or undefined to leave it. */
export function bumpSpec(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (NOT_A_RANGE.test(trimmed) || semver.validRange(trimmed) === null) return undefined;
  if (!semver.intersects(trimmed, VULNERABLE)) return undefined;
  if (semver.valid(semver.clean(trimmed) ?? '') && !/[\^~<>*xX|]/.test(trimmed)) return SAFE_VERSION;
  if (/^~\s*\d/.test(trimmed) && !trimmed.includes(' ')) return `~${SAFE_VERSION}`;
  return `^${SAFE_VERSION}`;
}

interface Target {
  field: string;
  value: Node;
}

/** `catalog:` and `catalog:default` name the default catalog. */
export function catalogName(spec: string): string {
  return spec.slice('catalog:'.length).trim() || 'default';
}

export interface BumpOptions {
  /** The Bun catalogs of this (root) package.json to raise too: the ones `catalog:` specs of the workspace point to. */
  catalogs?: ReadonlySet<string>;
  /** Raise only the fields this accepts (the others are held back); all by default. */
  only?: (field: string) => boolean;
}

/** Raises `@modelcontextprotocol/sdk` wherever package.json pins it, changing only those strings. */
export function bumpPackageJson(text: string, { catalogs = new Set<string>(), only = () => true }: BumpOptions = {}): BumpResult {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const errors: ParseError[] = [];
  const tree = parseTree(text.slice(bom), errors, { allowTrailingComma: false, disallowComments: true });
  if (!tree || errors.length > 0 || tree.type !== 'object') {
    const first = errors[0];
    const where = first ? ` at offset ${first.offset + bom}` : '';
    throw new Error(first ? `${printParseErrorCode(first.error)}${where}` : 'not a JSON object');
  }

  const targets: Target[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const value = propertyValue(propertyValue(tree, field), SDK_PACKAGE);
    if (value) targets.push({ field, value });
  }
  collectOverrides(propertyValue(tree, 'overrides'), 'overrides', targets);
  collectKeyed(propertyValue(tree, 'resolutions'), 'resolutions', /(^|\/)@modelcontextprotocol\/sdk(@[^/]*)?$/, targets);
  collectKeyed(propertyValue(propertyValue(tree, 'pnpm'), 'overrides'), 'pnpm.overrides', /(^|>)@modelcontextprotocol\/sdk(@[^>]*)?$/, targets);
  const catalogsFound = new Set<string>();
  for (const catalog of catalogs) {
    // Bun reads catalogs under `workspaces`, or at the top level.
    for (const [field, holder] of bunCatalogs(tree, catalog)) {
      const value = propertyValue(holder, SDK_PACKAGE);
      if (!value) continue;
      targets.push({ field, value });
      catalogsFound.add(catalog);
    }
  }

  const changes: DependencyChange[] = [];
  const notes: BumpNote[] = [];
  const catalogRefs: CatalogRef[] = [];
  const edits: Array<{ offset: number; length: number; text: string }> = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  for (const { field, value } of targets) {
    if (value.type !== 'string') continue;
    const spec = value.value as string;
    if (spec.startsWith('catalog:')) {
      catalogRefs.push({ field, spec, catalog: catalogName(spec), line: lineOf(value.offset + bom) });
      continue;
    }
    const next = bumpSpec(spec);
    if (next === undefined || !only(field)) continue;
    changes.push({ field, from: spec, to: next, line: lineOf(value.offset + bom) });
    edits.push({ offset: value.offset + bom, length: value.length, text: JSON.stringify(next) });
  }
  if (edits.length === 0) return { source: undefined, changes, notes, catalogRefs, catalogsFound };
  let source = text;
  for (const edit of edits.sort((a, b) => b.offset - a.offset)) {
    source = source.slice(0, edit.offset) + edit.text + source.slice(edit.offset + edit.length);
  }
  return { source, changes, notes, catalogRefs, catalogsFound };
}

/** Where a Bun catalog of this name can live in a root package.json, with the field each is reported as. */
function bunCatalogs(tree: Node, catalog: string): Array<[string, Node | undefined]> {
  const places: Array<[string, Node | undefined]> = [];
  for (const [prefix, holder] of [
    ['workspaces.', propertyValue(tree, 'workspaces')],
    ['', tree],
  ] as const) {
    if (catalog === 'default') places.push([`${prefix}catalog`, propertyValue(holder, 'catalog')]);
    places.push([`${prefix}catalogs.${catalog}`, propertyValue(propertyValue(holder, 'catalogs'), catalog)]);
  }
  return places;
}

function propertyValue(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (name?.value === key) return value;
  }
  return undefined;
}

/** npm overrides nest: `{ "sdk": "1.x" }`, `{ "sdk": { ".": "1.x" } }`, `{ "other": { "sdk": "1.x" } }`, `{ "sdk@1": "1.x" }`. */
function collectOverrides(node: Node | undefined, field: string, targets: Target[]): void {
  if (!node || node.type !== 'object') return;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (!name || !value) continue;
    const key = String(name.value);
    const isSdk = key === SDK_PACKAGE || key.startsWith(`${SDK_PACKAGE}@`);
    const label = key === SDK_PACKAGE ? field : `${field} ${key}`;
    if (isSdk && value.type === 'string') targets.push({ field: label, value });
    else if (isSdk && value.type === 'object') {
      const self = propertyValue(value, '.');
      if (self) targets.push({ field: `${label} .`, value: self });
      collectOverrides(value, `${label} >`, targets);
    } else if (value.type === 'object') collectOverrides(value, `${field} ${key} >`, targets);
  }
}

function collectKeyed(node: Node | undefined, field: string, pattern: RegExp, targets: Target[]): void {
  if (!node || node.type !== 'object') return;
  for (const property of node.children ?? []) {
    const [name, value] = property.children ?? [];
    if (!name || !value) continue;
    const key = String(name.value);
    if (pattern.test(key)) targets.push({ field: key === SDK_PACKAGE ? field : `${field} ${key}`, value });
  }
}
