import { execFileSync } from 'node:child_process';

/** The git work tree holding `dir`, or undefined when it is not in one (or git is missing). */
export function gitRoot(dir: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Uncommitted changes (tracked or untracked) under `paths` in the work tree at `root`. */
export function uncommittedChanges(root: string, paths: string[]): string[] {
  const output = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return output.split('\n').filter(Boolean);
}
