/*
 * Which package manager a tree uses, from its lockfile: the bump never edits a
 * lockfile, so the summary names the one command that refreshes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface LockfileHint {
  /** The folder the lockfile is in: where to run the command. */
  root: string;
  manager: PackageManager;
  /** The lockfile found, or undefined when only package.json's `packageManager` named the manager. */
  lockfile?: string;
  command: string;
}

const LOCKFILES: Array<[string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const COMMANDS: Record<PackageManager, string> = { npm: 'npm install', pnpm: 'pnpm install', yarn: 'yarn install', bun: 'bun install' };

/**
 * The nearest lockfile at or above `dir` (up to the git work tree's root). Two
 * lockfiles side by side are settled by package.json's `packageManager`, else the
 * first of pnpm, bun, yarn, npm. Without a lockfile, `packageManager` alone names it.
 */
export function lockfileHint(dir: string): LockfileHint | undefined {
  let declared: { root: string; manager: PackageManager } | undefined;
  for (let current = dir, depth = 0; depth < 64; depth++) {
    const manager = declaredManager(current);
    declared ??= manager ? { root: current, manager } : undefined;
    const present = LOCKFILES.filter(([name]) => existsSync(join(current, name)));
    if (present.length > 0) {
      const chosen = present.find(([, owner]) => owner === manager) ?? (present[0] as [string, PackageManager]);
      return { root: current, manager: chosen[1], lockfile: chosen[0], command: COMMANDS[chosen[1]] };
    }
    if (existsSync(join(current, '.git'))) break;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return declared ? { ...declared, command: COMMANDS[declared.manager] } : undefined;
}

/** `"packageManager": "pnpm@9.12.0"` (corepack) in the folder's package.json. */
function declaredManager(dir: string): PackageManager | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, 'package.json'), 'utf8');
  } catch {
    return undefined;
  }
  const match = /"packageManager"\s*:\s*"(npm|pnpm|yarn|bun)@/.exec(text);
  return match ? (match[1] as PackageManager) : undefined;
}
