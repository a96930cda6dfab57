/*
 * Multi-file fixtures: a case folder with `input/` and `output/` trees, copied to a
 * scratch folder whose `node_modules` links the real packages (the SDK >= 1.26 as
 * `@modelcontextprotocol/sdk`), so the trees resolve, type-check and run as written.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const REPO = join(import.meta.dirname, '..', '..');
export const PROJECT_FIXTURES = join(REPO, '__testfixtures__', 'projects');

export interface ProjectCase {
  name: string;
  input: string;
  output: string | undefined;
  noChange: boolean;
}

export function projectCases(): ProjectCase[] {
  return readdirSync(PROJECT_FIXTURES)
    .sort()
    .map((name) => {
      const output = join(PROJECT_FIXTURES, name, 'output');
      return { name, input: join(PROJECT_FIXTURES, name, 'input'), output: existsSync(output) ? output : undefined, noChange: name.startsWith('no-change-') };
    });
}

let scratch: string | undefined;

/** A scratch folder with node_modules linked once per test process. */
function scratchRoot(): string {
  if (scratch) return scratch;
  scratch = mkdtempSync(join(tmpdir(), 'mcp-isolate-projects-'));
  const modules = join(scratch, 'node_modules');
  mkdirSync(join(modules, '@modelcontextprotocol'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules', 'sdk-new'), join(modules, '@modelcontextprotocol', 'sdk'));
  for (const name of ['zod', 'express', 'hono', '@hono', '@types', 'fastify']) symlinkSync(join(REPO, 'node_modules', name), join(modules, name));
  return scratch;
}

let counter = 0;

/** A fresh copy of a tree, placed where its imports resolve. */
export function copyTree(from: string, label: string): string {
  const to = join(scratchRoot(), `${label}-${counter++}`);
  cpSync(from, to, { recursive: true });
  return to;
}

/** Every file of a tree by relative path, as bytes. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const entry of readdirSync(current)) {
      const path = join(current, entry);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}
