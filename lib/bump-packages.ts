/*
 * The SDK bump across a tree, planned once the code is settled: every package.json,
 * and the catalogs their `catalog:` specs point to. On SDK 1.26 code that still
 * shares a server or transport throws at the second concurrent client, so a bump
 * that reaches such code turns a leak into an outage: each bump knows the unfixed
 * code it reaches, says so, and is held back on request (--no-bump-unfixed).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { type BumpNote, type CatalogRef, type DependencyChange, SDK_PACKAGE, bumpPackageJson } from './bump-sdk.js';
import { type CatalogHost, bumpYamlCatalogs, findCatalogHost } from './catalogs.js';
import { unifiedDiff } from './diff.js';
import { type LockfileHint, lockfileHint } from './lockfile.js';
import type { FileResult, Mode } from './run.js';
import { type UnfixedFile, atRiskSentence, heldBackSentence, unfixedInstances } from './unfixed.js';
import { writeIfUnchanged } from './write.js';

export interface Unfixed {
  /** Shared servers and transports left in the code the bump reaches. */
  instances: number;
  files: UnfixedFile[];
  /** true: the bump is made (or would be) and this code fails on 1.26; false: the bump was held back. */
  bumped: boolean;
  /** The line of this file where the bump shows: the raised spec, or the `catalog:` spec. */
  line: number;
  /** The same in words, for every report. */
  message: string;
}

export interface PackageResult {
  /** A package.json, or the pnpm-workspace.yaml / .yarnrc.yml whose catalog is raised. */
  path: string;
  changes: DependencyChange[];
  notes: BumpNote[];
  diff: string;
  error?: string;
  /**
   * This package's SDK is raised (in the file, through an override above it or
   * through its catalog) while its code (source files under it, nested packages
   * excluded; for an override, the whole tree below) still shares a server or transport.
   */
  unfixed?: Unfixed;
  /** With --no-bump-unfixed: the changes of this file not made, and why. */
  heldBack?: { changes: DependencyChange[]; reason: string };
}

export interface BumpOptions {
  /** Every package.json found under the paths. */
  packageJsons: string[];
  /** The code's results, settled. */
  files: FileResult[];
  /** What `FileResult.path` is relative to. */
  base: string;
  mode: Mode;
  holdUnfixed: boolean;
  display: (absolute: string) => string;
  /** Whether a file lies inside the paths given: nothing else is written. */
  inside: (absolute: string) => boolean;
}

export interface BumpOutcome {
  packages: PackageResult[];
  /** Where each changed file's lockfile is, and the command that refreshes it. */
  lockfiles: LockfileHint[];
}

interface Hosted {
  host: CatalogHost;
  catalogs: Set<string>;
  users: Array<{ manifest: string; ref: CatalogRef }>;
}

interface Entry {
  absolute: string;
  bytes: Buffer;
  before: string;
  result: PackageResult;
  /** The bump with every change; then again without the held ones. */
  bump: (only?: (field: string) => boolean) => { source: string | undefined; changes: DependencyChange[]; found: Set<string> };
}

type UnfixedCode = UnfixedFile & { absolute: string };

const OVERRIDE_FIELD = /^(overrides|resolutions|pnpm\.overrides)\b/;

export async function bumpPackages(options: BumpOptions): Promise<BumpOutcome> {
  const { display } = options;
  const entries = new Map<string, Entry>();
  const refs = new Map<string, CatalogRef[]>();
  for (const absolute of options.packageJsons) {
    const read = readText(absolute);
    // Most package.json files never mention the SDK, and a Bun root without it has no catalog entry to raise.
    if (read && !read.text.includes(SDK_PACKAGE)) continue;
    const entry = newEntry(absolute, read, display);
    entries.set(absolute, entry);
    if (!read) continue;
    try {
      const { catalogRefs } = bumpPackageJson(read.text);
      if (catalogRefs.length > 0) refs.set(absolute, catalogRefs);
    } catch (error) {
      entry.result.error = `malformed package.json: ${(error as Error).message}`;
    }
  }

  const hosts = catalogHosts(refs, entries, options);
  for (const [file, hosted] of hosts) {
    // A Bun root whose catalogs never mention the SDK: still read, so its users hear why nothing was raised.
    if (hosted.host.manager === 'bun' && !entries.has(file)) entries.set(file, newEntry(file, readText(file), display));
  }
  for (const entry of entries.values()) {
    if (entry.result.error) continue;
    const hosted = hosts.get(entry.absolute);
    entry.bump = (only) => {
      const bump = bumpPackageJson(entry.before, { catalogs: hosted?.catalogs ?? new Set(), ...(only ? { only } : {}) });
      return { source: bump.source, changes: bump.changes, found: bump.catalogsFound };
    };
  }
  for (const [file, hosted] of hosts) {
    if (hosted.host.manager === 'bun') continue;
    const read = readText(file);
    const entry = newEntry(file, read, display);
    entries.set(file, entry);
    if (read) entry.bump = (only) => bumpYamlCatalogs(read.text, hosted.catalogs, only);
  }

  // Which unfixed code each change reaches: the package's own, the tree below an override, a catalog's users'.
  const unfixed = options.files.flatMap((file): UnfixedCode[] => {
    const instances = unfixedInstances(file);
    return instances > 0 ? [{ path: file.path, instances, absolute: resolve(options.base, file.path) }] : [];
  });
  const packageDirs = new Set([...options.packageJsons].map(dirname));
  const ownerOf = (absolute: string): string | undefined => {
    for (let dir = dirname(absolute); ; ) {
      if (packageDirs.has(dir)) return dir;
      const parent = dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  };
  const own = (manifest: string) => unfixed.filter((file) => ownerOf(file.absolute) === dirname(manifest));
  const below = (manifest: string) => unfixed.filter((file) => file.absolute.startsWith(`${dirname(manifest)}${sep}`));
  const usersOf = (host: string, catalog: string) => (hosts.get(host)?.users ?? []).filter((user) => user.ref.catalog === catalog);
  const reach = (entry: Entry, change: DependencyChange): UnfixedCode[] => {
    const catalog = catalogOfField(change.field);
    if (catalog !== undefined) return usersOf(entry.absolute, catalog).flatMap((user) => own(user.manifest));
    return OVERRIDE_FIELD.test(change.field) ? below(entry.absolute) : own(entry.absolute);
  };
  const where = (manifest: string, files: UnfixedCode[]) => {
    const owners = [...new Set(files.map((file) => ownerOf(file.absolute)))];
    if (owners.length === 1 && owners[0] === dirname(manifest)) return "this package's code";
    return `the code of ${owners.map((owner) => (owner === undefined ? 'files outside any package' : display(owner) || '.')).join(', ')}`;
  };

  // Plan: every change, then without the ones held back.
  const sources = new Map<string, string | undefined>();
  for (const entry of entries.values()) {
    if (entry.result.error) continue;
    let planned;
    try {
      planned = entry.bump();
    } catch (error) {
      entry.result.error = `malformed ${entry.absolute.endsWith('.json') ? 'package.json' : 'YAML'}: ${(error as Error).message}`;
      continue;
    }
    const held = options.holdUnfixed ? planned.changes.filter((change) => reach(entry, change).length > 0) : [];
    const final = held.length === 0 ? planned : entry.bump((field) => !held.some((change) => change.field === field));
    entry.result.changes = final.changes;
    sources.set(entry.absolute, final.source);
    if (held.length > 0) {
      const files = dedupe(held.flatMap((change) => reach(entry, change)));
      entry.result.heldBack = { changes: held, reason: heldBackSentence(total(files), where(entry.absolute, files)) };
    }
    // The package's own code (or the tree below its override); a catalog's users are told on their own package.
    const reached = dedupe(planned.changes.filter((change) => catalogOfField(change.field) === undefined).flatMap((change) => reach(entry, change)));
    const first = planned.changes.find((change) => catalogOfField(change.field) === undefined);
    if (reached.length > 0 && first) entry.result.unfixed = unfixedOf(reached, where(entry.absolute, reached), held.length === 0, first);
    const hosted = hosts.get(entry.absolute);
    if (hosted) reportCatalogUsers(entry, hosted, planned, entries, own, display);
  }

  const packages: PackageResult[] = [];
  for (const entry of entries.values()) {
    const { result } = entry;
    const source = sources.get(entry.absolute);
    if (source !== undefined && !result.error) {
      result.diff = unifiedDiff(result.path, entry.before, source);
      if (options.mode === 'write') {
        const error = await writeIfUnchanged(entry.absolute, entry.bytes, source);
        if (error) {
          result.error = error;
          result.changes = [];
        }
      }
    }
    if (result.changes.length > 0 || result.notes.length > 0 || result.error || result.heldBack || result.unfixed) packages.push(result);
  }

  const lockfiles = new Map<string, LockfileHint>();
  for (const entry of entries.values()) {
    if (entry.result.changes.length === 0 || entry.result.error) continue;
    const hint = lockfileHint(dirname(entry.absolute));
    if (hint && !lockfiles.has(hint.root)) lockfiles.set(hint.root, hint);
  }
  return { packages, lockfiles: [...lockfiles.values()].map((hint) => ({ ...hint, root: display(hint.root) || '.' })) };
}

function newEntry(absolute: string, read: { bytes: Buffer; text: string } | undefined, display: (absolute: string) => string): Entry {
  const result: PackageResult = { path: display(absolute), changes: [], notes: [], diff: '', ...(read ? {} : { error: 'could not read' }) };
  return { absolute, bytes: read?.bytes ?? Buffer.alloc(0), before: read?.text ?? '', result, bump: () => ({ source: undefined, changes: [], found: new Set() }) };
}

/** Where each `catalog:` spec's version lives; a note on the package when it cannot be raised from here. */
function catalogHosts(refs: Map<string, CatalogRef[]>, entries: Map<string, Entry>, options: BumpOptions): Map<string, Hosted> {
  const cache = new Map<string, CatalogHost | null>();
  const hosts = new Map<string, Hosted>();
  for (const [manifest, list] of refs) {
    const host = findCatalogHost(dirname(manifest), cache);
    const notes = (entries.get(manifest) as Entry).result.notes;
    for (const ref of list) {
      if (!host) {
        notes.push({ field: ref.field, spec: ref.spec, reason: 'no catalog defines it (no pnpm-workspace.yaml, .yarnrc.yml with catalogs or Bun catalog in a package.json above); raise it where it is defined' });
      } else if (!options.inside(host.file)) {
        notes.push({ field: ref.field, spec: ref.spec, reason: `the version lives in ${options.display(host.file)}, outside the paths given; run mcp-isolate on the workspace root to raise it there` });
      } else {
        const hosted = hosts.get(host.file) ?? { host, catalogs: new Set<string>(), users: [] };
        hosted.catalogs.add(ref.catalog);
        hosted.users.push({ manifest, ref });
        hosts.set(host.file, hosted);
      }
    }
  }
  return hosts;
}

/** Each package whose version comes from a catalog: where it was raised (or held back), and its own unfixed code. */
function reportCatalogUsers(
  host: Entry,
  hosted: Hosted,
  planned: { changes: DependencyChange[]; found: Set<string> },
  entries: Map<string, Entry>,
  own: (manifest: string) => UnfixedCode[],
  display: (absolute: string) => string,
): void {
  for (const { manifest, ref } of hosted.users) {
    const user = (entries.get(manifest) as Entry).result;
    if (!planned.found.has(ref.catalog)) {
      const label = ref.catalog === 'default' ? 'the default catalog' : `the catalog \`${ref.catalog}\``;
      user.notes.push({ field: ref.field, spec: ref.spec, reason: `${label} of ${display(hosted.host.file)} does not list ${SDK_PACKAGE}; nothing raised` });
      continue;
    }
    const change = planned.changes.find((candidate) => catalogOfField(candidate.field) === ref.catalog);
    if (!change) continue;
    const held = host.result.heldBack?.changes.includes(change) ?? false;
    user.notes.push({
      field: ref.field,
      spec: ref.spec,
      reason: `${held ? 'held back' : 'raised'} in ${host.result.path} (${change.field}: ${change.from} -> ${change.to})`,
    });
    const files = own(manifest);
    if (files.length > 0) user.unfixed = unfixedOf(files, "this package's code", !held, { to: change.to, line: ref.line });
  }
}

/** The catalog a changed field belongs to (`catalog`, `catalogs.mcp`, `workspaces.catalog`, ...), if it is one. */
function catalogOfField(field: string): string | undefined {
  if (/^(workspaces\.)?catalog$/.test(field)) return 'default';
  return /^(?:workspaces\.)?catalogs\.(.+)$/.exec(field)?.[1];
}

function unfixedOf(files: UnfixedCode[], where: string, bumped: boolean, { to, line }: { to: string; line: number }): Unfixed {
  const sorted = files.map(({ path, instances }) => ({ path, instances })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const instances = total(sorted);
  return { instances, files: sorted, bumped, line, message: bumped ? atRiskSentence(instances, where, to) : heldBackSentence(instances, where) };
}

const total = (files: UnfixedFile[]) => files.reduce((sum, file) => sum + file.instances, 0);
const dedupe = (files: UnfixedCode[]) => [...new Map(files.map((file) => [file.absolute, file])).values()];

function readText(absolute: string): { bytes: Buffer; text: string } | undefined {
  try {
    // Synchronous: for many small files it is several times faster than the promise API.
    const bytes = readFileSync(absolute);
    return { bytes, text: bytes.toString('utf8') };
  } catch {
    return undefined;
  }
}
