/**
 * Each module is parsed once per run: the scan, the plan and the edits share one
 * syntax tree per module, and the self-check parses only the outputs it checks (the
 * input's facts are read before the edits, unchanged modules are reused).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processProject } from '../lib/process-source.js';
import { parseLog } from '../lib/scan/module.js';
import { projectCases, readTree } from './support/project-tree.js';

describe('parsing', () => {
  beforeEach(() => {
    parseLog.counts.clear();
    parseLog.watch = true;
  });
  afterEach(() => {
    parseLog.watch = false;
  });

  it.each(projectCases().filter((entry) => !entry.noChange).map((entry) => [entry.name, entry] as const))('%s: every text is parsed at most once', async (_name, entry) => {
    const tree = readTree(entry.input);
    const paths = [...tree.keys()].filter((path) => /\.[cm]?[jt]sx?$/.test(path)).map((path) => `${entry.input}/${path}`);
    const seeds = new Map(paths.filter((path) => readFileSync(path, 'utf8').includes('@modelcontextprotocol/sdk')).map((path) => [path, readFileSync(path)] as const));
    const outcomes = await processProject({ seeds, sources: paths, editable: () => true });
    expect([...outcomes.values()].some((outcome) => outcome.output !== undefined)).toBe(true);
    const twice = [...parseLog.counts].filter(([, count]) => count > 1).map(([key]) => key.split('\0')[0]);
    expect(twice).toEqual([]);
  });
});
