/** Running the real CLI on scratch trees outside the repository, and reading back what it left. */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'dist', 'bin', 'mcp-isolate.js');
export const FIXTURES = join(ROOT, '__testfixtures__', 'isolate-mcp-server');

const scratch: string[] = [];

export function tempDir(prefix = 'mcp-isolate-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of scratch.splice(0)) {
    try {
      execFileSync('chmod', ['-R', 'u+rwX', dir]);
    } catch {
      // best effort: a test may have locked folders
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CliOptions {
  env?: Record<string, string>;
  /** Run as an unprivileged user, so file permissions apply even when the tests run as root. */
  unprivileged?: boolean;
}

/** How to start the CLI as a user without privileges, or undefined when this machine cannot. */
export function unprivilegedPrefix(): string[] | undefined {
  if (process.getuid?.() !== 0) return [];
  return existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : undefined;
}

function command(args: string[], options: CliOptions): [string, string[]] {
  const prefix = options.unprivileged ? (unprivilegedPrefix() ?? []) : [];
  const full = [...prefix, process.execPath, BIN, ...args];
  return [full[0] as string, full.slice(1)];
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  return { ...process.env, NO_COLOR: '1', ...options.env };
}

export function cli(cwd: string, args: string[] = [], options: CliOptions = {}) {
  const [file, rest] = command(args, options);
  const result = spawnSync(file, rest, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: environment(options) });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function startCli(cwd: string, args: string[] = [], options: CliOptions = {}): ChildProcess {
  const [file, rest] = command(args, options);
  return spawn(file, rest, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: environment(options) });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

/** Every file under dir (but .git) with its bytes, to prove what was or was not written. */
export function snapshotBytes(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name === '.git' || entry.isSymbolicLink()) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path, `${prefix}${entry.name}/`);
      else files[`${prefix}${entry.name}`] = readFileSync(path);
    }
  };
  walk(dir, '');
  return files;
}

/** The same as text, for trees without binary files. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(Object.entries(snapshotBytes(dir)).map(([path, bytes]) => [path, bytes.toString('utf8')]));
}
