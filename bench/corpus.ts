/**
 * Runs mcp-isolate over local copies of real servers and prints one row per server.
 *
 *   node dist/bench/corpus.js <folder> [--tsv corpus.tsv] [--diffs out-dir]
 *
 * <folder> holds one sub-folder per server (any layout inside). Nothing third-party is
 * committed: the copies live outside the repo. Each server is copied to a temp folder,
 * rewritten there, then run again to check that the output parses and is idempotent.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type RunResult } from '../lib/run.js';

interface Row {
  server: string;
  expected: string;
  /** fixed: rewritten; fixed+review: rewritten with marked leftovers; marked: only markers added. */
  status: 'fixed' | 'fixed+review' | 'marked' | 'untouched' | 'parse error';
  changed: number;
  review: number;
  errors: string[];
  parses: boolean;
  idempotent: boolean;
  reasons: string[];
}

function parseArgs(argv: string[]) {
  const folder = argv.find((arg, index) => !arg.startsWith('--') && !argv[index - 1]?.startsWith('--'));
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  if (!folder) {
    console.error('usage: node dist/bench/corpus.js <folder> [--tsv corpus.tsv] [--diffs out-dir]');
    process.exit(2);
  }
  return { folder, tsv: option('tsv'), diffs: option('diffs') };
}

/** Maps folder names (owner+repo) to the framework/mode column of the corpus list. */
function expectations(tsv: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!tsv) return map;
  for (const line of readFileSync(tsv, 'utf8').split('\n').slice(1)) {
    const [, repo, , , framework, mode] = line.split('\t');
    if (!repo) continue;
    const key = repo.replace('/', '+');
    const seen = map.get(key);
    const value = `${framework} / ${mode}`;
    if (!seen) map.set(key, value);
    else if (!seen.split(', ').includes(value)) map.set(key, `${seen}, ${value}`);
  }
  return map;
}

async function runOn(dir: string, mode: 'write' | 'dry'): Promise<RunResult> {
  return run({ paths: ['.'], cwd: dir, mode, bump: false, allowDirty: true });
}

async function measure(source: string, name: string, expected: string, diffs?: string): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-isolate-corpus-'));
  try {
    cpSync(source, dir, { recursive: true });
    const first = await runOn(dir, 'write');
    const second = await runOn(dir, 'dry');
    const changed = first.files.filter((file) => file.changed);
    const review = first.files.flatMap((file) => file.findings.filter((finding) => finding.status === 'review'));
    const errors = [...first.files, ...second.files].filter((file) => file.error).map((file) => `${file.path}: ${file.error}`);
    if (diffs && changed.length > 0) {
      mkdirSync(diffs, { recursive: true });
      writeFileSync(join(diffs, `${name}.diff`), changed.map((file) => file.diff).join(''));
    }
    const fixed = first.files.some((file) => file.findings.some((finding) => finding.status === 'fixed'));
    const status: Row['status'] = first.files.some((file) => file.error)
      ? 'parse error'
      : fixed && review.length > 0
        ? 'fixed+review'
        : fixed
          ? 'fixed'
          : review.length > 0
            ? 'marked'
            : 'untouched';
    return {
      server: name,
      expected,
      status,
      changed: changed.length,
      review: review.length,
      errors,
      // The runner re-parses every output before writing; the second run parses them again.
      parses: !errors.some((error) => error.includes('parse')),
      idempotent: second.files.every((file) => !file.changed),
      reasons: [...new Set(review.map((finding) => finding.rule))],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { folder, tsv, diffs } = parseArgs(process.argv.slice(2));
  const expected = expectations(tsv);
  const servers = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const rows: Row[] = [];
  for (const name of servers) rows.push(await measure(join(folder, name), name, expected.get(name) ?? '', diffs));

  console.log('| server | corpus says | result | files changed | review findings | parses | idempotent |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const reasons = row.reasons.length > 0 ? ` (${row.reasons.join(', ')})` : '';
    console.log(
      `| ${row.server} | ${row.expected} | ${row.status} | ${row.changed} | ${row.review}${reasons} | ${row.parses ? 'yes' : 'NO'} | ${row.idempotent ? 'yes' : 'NO'} |`,
    );
  }
  const count = (status: Row['status']) => rows.filter((row) => row.status === status).length;
  console.log('');
  console.log(
    `${rows.length} servers: ${count('fixed')} fixed, ${count('fixed+review')} fixed with marked leftovers, ${count('marked')} marked for review, ` +
      `${count('untouched')} untouched, ${count('parse error')} with errors; ` +
      `${rows.filter((row) => !row.parses).length} outputs that do not parse, ${rows.filter((row) => !row.idempotent).length} not idempotent`,
  );
  for (const row of rows) for (const error of row.errors) console.log(`error ${row.server}: ${error}`);
  process.exitCode = rows.some((row) => !row.parses || !row.idempotent) ? 1 : 0;
}

await main();
