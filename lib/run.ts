import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import type { Finding } from './findings.js';
import { type PackageResult, bumpPackages } from './bump-packages.js';
import type { LockfileHint } from './lockfile.js';
import { unifiedDiff } from './diff.js';
import { compiledReason } from './compiled-output.js';
import { discoverEntries } from './discover.js';
import { gitRoot, uncommittedChanges } from './git.js';
import { isReadOnly } from './read-only.js';
import { writeIfUnchanged } from './write.js';
import pLimit from 'p-limit';
import { SDK_MARKERS as SDK_TEXT_MARKERS } from './scan/sdk-classes.js';
import type { ProjectOutcome, SourceOutcome } from './process-source.js';
import { ProjectPool } from './project-pool.js';
import { projectRoot } from './scan/project-root.js';

export type Mode = 'write' | 'dry' | 'check';

export interface RunOptions {
  paths: string[];
  cwd: string;
  mode: Mode;
  bump: boolean;
  /** Hold the bump back for packages whose code still shares a server or transport. */
  holdUnfixed?: boolean;
  allowDirty: boolean;
  /** Worker threads for parsing; defaults to the number of cores. */
  jobs?: number;
  /** Called as files are scanned and rewritten (for a progress line). */
  onProgress?: (progress: { scanned: number; candidates: number; done: number }) => void;
}

export interface FileResult {
  /** Relative to the git work tree (or the current directory outside git), with `/`. */
  path: string;
  changed: boolean;
  needsReview: boolean;
  findings: Finding[];
  diff: string;
  error?: string;
  /** Why the file was left alone without being an error (a generated bundle, a symlink leaving the paths). */
  skipped?: string;
}

export type { PackageResult, Unfixed } from './bump-packages.js';

export interface RunResult {
  mode: Mode;
  scanned: number;
  files: FileResult[];
  packages: PackageResult[];
  /** After a bump: each lockfile to refresh, with the command. */
  lockfiles: LockfileHint[];
  missingPaths: string[];
  /** Set when the run refused to start: uncommitted changes in the way of a write. */
  refused?: { root: string; changes: string[] };
}

export class UsageError extends Error {}

/** Larger files are generated bundles, not hand-written servers: skipped, with a reason. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export async function run(options: RunOptions): Promise<RunResult> {
  const { paths, cwd, mode } = options;
  const base = gitRoot(cwd) ?? cwd;
  const result: RunResult = { mode, scanned: 0, files: [], packages: [], lockfiles: [], missingPaths: [] };

  if (mode === 'write' && !options.allowDirty) {
    const refused = findUncommitted(paths, cwd);
    if (refused) return { ...result, refused };
  }

  const display = (absolute: string) => relative(base, absolute).split('\\').join('/');
  // Files are read while the walk goes on; a bounded number at a time keeps memory flat.
  const limit = pLimit(READ_CONCURRENCY);
  const pool = new ProjectPool(options.jobs);
  const pending: Array<Promise<void>> = [];
  let candidates = 0;
  let done = 0;
  /** Every source file scanned, and the bytes of those that mention the SDK: the project pass looks across them. */
  const sources: string[] = [];
  const sdkFiles = new Map<string, Buffer>();
  const packageJsons: string[] = [];
  try {
    for await (const found of discoverEntries(paths, cwd)) {
      switch (found.kind) {
        case 'missing':
          result.missingPaths.push(found.path);
          break;
        case 'skipped':
          result.files.push({ ...emptyResult(display(found.path)), skipped: found.reason });
          break;
        case 'unreadable':
          result.files.push({ ...emptyResult(display(found.path)), error: found.reason });
          break;
        case 'source': {
          result.scanned++;
          if (!found.path.includes('/node_modules/') && !found.compiled) sources.push(found.path);
          if (options.onProgress && result.scanned % 500 === 0) options.onProgress({ scanned: result.scanned, candidates, done });
          // Read and test on the spot: most files end here, with no task and no promise.
          const read = readCandidate(found.path, display);
          if (!read) break;
          if ('result' in read) {
            result.files.push(read.result);
            break;
          }
          if (found.compiled) {
            // Only compiled output that could be a server is worth a line.
            result.files.push({ ...emptyResult(display(found.path)), skipped: compiledReason(found.compiled, display) });
            break;
          }
          candidates++;
          sdkFiles.set(found.path, read.bytes);
          break;
        }
        case 'package':
          // Bumped once the code is settled: a bump must know what the rewrite left unfixed.
          if (options.bump) packageJsons.push(found.path);
          break;
      }
    }
    // Each project (a package, or a repository without packages) is planned as a whole:
    // a server may be created in one module and connected in another.
    const inputs = inputRoots(paths, cwd);
    const projects = [...byProject(sdkFiles, inputs)].map(async ([root, seeds]) => {
      const outcomes = await pool.rewrite({ seeds, sources: sources.filter((source) => source.startsWith(`${root}${sep}`)), roots: inputs });
      const blocked = mode === 'write' ? await blockedGroups(outcomes, display) : new Map<string, string>();
      for (const [absolute, outcome] of outcomes) {
        pending.push(
          limit(async () => {
            const reason = blocked.get(absolute);
            const file = await settle(absolute, display(absolute), outcome.bytes, outcome, reason ? 'dry' : mode);
            if (reason && file.changed) {
              file.error = reason;
              file.changed = false;
            }
            result.files.push(file);
            if (sdkFiles.has(absolute)) done++;
            options.onProgress?.({ scanned: result.scanned, candidates, done });
          }),
        );
      }
      // SDK files the engine had nothing to say about are still reported (as unchanged).
      for (const absolute of seeds.keys()) {
        if (outcomes.has(absolute)) continue;
        result.files.push(emptyResult(display(absolute)));
        done++;
      }
    });
    await Promise.all(projects);
    await Promise.all(pending);
  } finally {
    await pool.close();
  }
  const roots = inputRoots(paths, cwd);
  if (options.bump) {
    const bumped = await bumpPackages({
      packageJsons,
      files: result.files,
      base,
      mode,
      holdUnfixed: options.holdUnfixed ?? false,
      display,
      inside: (absolute) => roots.some((root) => absolute === root || absolute.startsWith(`${root}${sep}`)),
    });
    result.packages = bumped.packages;
    result.lockfiles = bumped.lockfiles;
  }
  // The same order every run, whatever order the work finished in.
  result.files.sort((a, b) => compare(a.path, b.path));
  result.packages.sort((a, b) => compare(a.path, b.path));
  return result;
}

const READ_CONCURRENCY = 32;
/** The same markers as `mentionsSdkServer`, as bytes: tested before a file is decoded. */
const SDK_MARKERS = SDK_TEXT_MARKERS.map((marker) => Buffer.from(marker));

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Bounded = { tooLarge: false; bytes: Buffer } | { tooLarge: true; size: number; head: Buffer };

/**
 * One open, one fstat, one read: the whole file when it is small, only its first
 * 64 KB when it is over the limit (so a huge generated file costs no memory).
 * Synchronous on purpose: for many small files it is several times faster than
 * the promise API.
 */
function readBounded(absolute: string, limit: number): Bounded {
  const fd = openSync(absolute, 'r');
  try {
    const { size } = fstatSync(fd);
    const length = size > limit ? Math.min(size, 64 * 1024) : size;
    const buffer = Buffer.allocUnsafe(length);
    let offset = 0;
    while (offset < length) {
      const read = readSync(fd, buffer, offset, length - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    const bytes = offset === length ? buffer : buffer.subarray(0, offset);
    return size > limit ? { tooLarge: true, size, head: bytes } : { tooLarge: false, bytes };
  } finally {
    closeSync(fd);
  }
}

function emptyResult(path: string): FileResult {
  return { path, changed: false, needsReview: false, findings: [], diff: '' };
}

/**
 * A source file's bytes when it could involve the SDK; a result to report when it
 * cannot be read or is too large; undefined when it is of no interest (most files).
 */
function readCandidate(absolute: string, display: (absolute: string) => string): { bytes: Buffer } | { result: FileResult } | undefined {
  let read: Bounded;
  try {
    read = readBounded(absolute, MAX_FILE_BYTES);
  } catch (error) {
    return { result: { ...emptyResult(display(absolute)), error: `could not read: ${(error as NodeJS.ErrnoException).code ?? error}` } };
  }
  if (read.tooLarge) {
    // Only worth a line when it could be a server at all.
    if (!SDK_MARKERS.some((marker) => read.head.includes(marker))) return undefined;
    return { result: { ...emptyResult(display(absolute)), skipped: `${(read.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1024 / 1024} MB limit for hand-written code; not processed` } };
  }
  // The cheap test first: most files of a monorepo never reach the parser.
  return SDK_MARKERS.some((marker) => read.bytes.includes(marker)) ? { bytes: read.bytes } : undefined;
}

/**
 * Groups of files rewritten together (a builder and its importers) where one file
 * cannot be written: none of the group is, so the project never holds half a rewrite.
 */
async function blockedGroups(project: Map<string, ProjectOutcome>, display: (absolute: string) => string): Promise<Map<string, string>> {
  const blocked = new Map<string, { file: string; problem: string }>();
  for (const [absolute, outcome] of project) {
    if (outcome.group === undefined || outcome.output === undefined || blocked.has(outcome.group)) continue;
    let problem: string | undefined;
    try {
      if (!(await readFile(absolute)).equals(outcome.bytes)) problem = 'changed on disk while mcp-isolate ran';
      else if (isReadOnly(absolute)) problem = 'read-only';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problem = `unreadable (${code ?? error})`;
    }
    if (problem) blocked.set(outcome.group, { file: absolute, problem });
  }
  const reasons = new Map<string, string>();
  for (const [absolute, outcome] of project) {
    const block = outcome.group === undefined ? undefined : blocked.get(outcome.group);
    if (!block) continue;
    reasons.set(
      absolute,
      block.file === absolute
        ? `${block.problem}; not written, nor the other files rewritten together with it`
        : `not written: it is rewritten together with ${display(block.file)}, which is ${block.problem}`,
    );
  }
  return reasons;
}

/** SDK files by the project they belong to. */
function byProject(files: Map<string, Buffer>, inputs: readonly string[]): Map<string, Map<string, Buffer>> {
  const groups = new Map<string, Map<string, Buffer>>();
  for (const [absolute, bytes] of files) {
    const root = projectRoot(absolute, inputs);
    let group = groups.get(root);
    if (!group) groups.set(root, (group = new Map()));
    group.set(absolute, bytes);
  }
  return groups;
}

/** A file's result from its rewrite: the diff, and the write unless the file changed meanwhile. */
async function settle(absolute: string, path: string, bytes: Buffer, outcome: SourceOutcome, mode: Mode): Promise<FileResult> {
  const needsReview = outcome.findings.some((finding) => finding.status === 'review');
  // An SDK file with nothing to do is still reported (as unchanged) in the JSON report.
  const before = bytes.toString('utf8');
  const file: FileResult = {
    path,
    changed: outcome.output !== undefined,
    needsReview,
    findings: outcome.findings,
    diff: outcome.output === undefined ? '' : unifiedDiff(path, before, outcome.output),
    ...(outcome.error ? { error: outcome.error } : {}),
  };
  if (file.changed && mode === 'write') {
    const error = await writeIfUnchanged(absolute, bytes, outcome.output as string);
    if (error) {
      file.error = error;
      file.changed = false;
    }
  }
  return file;
}

/** The paths given, resolved, and through their links: what "inside the paths" means for a file found by climbing folders. */
function inputRoots(paths: string[], cwd: string): string[] {
  const roots = new Set<string>();
  for (const input of paths) {
    const absolute = resolve(cwd, input);
    roots.add(absolute);
    try {
      roots.add(realpathSync(absolute));
    } catch {
      // missing: reported by the walk
    }
  }
  return [...roots];
}

function findUncommitted(paths: string[], cwd: string): RunResult['refused'] {
  for (const input of paths) {
    const absolute = resolve(cwd, input);
    let dir = absolute;
    try {
      if (!statSync(absolute).isDirectory()) dir = dirname(absolute);
    } catch {
      continue;
    }
    const root = gitRoot(dir);
    if (!root) continue;
    const changes = uncommittedChanges(root, [relative(root, absolute) || '.']);
    if (changes.length > 0) return { root, changes };
  }
  return undefined;
}

/** What the process should exit with: 2 for failures, 1 when --check found work, else 0. */
export function exitCodeOf(result: RunResult): 0 | 1 | 2 {
  if (result.refused || result.missingPaths.length > 0) return 2;
  if (result.files.some((file) => file.error) || result.packages.some((pkg) => pkg.error)) return 2;
  if (result.mode === 'check') {
    const work =
      result.files.some((file) => file.changed || file.needsReview) || result.packages.some((pkg) => pkg.changes.length > 0 || pkg.heldBack);
    if (work) return 1;
  }
  return 0;
}
