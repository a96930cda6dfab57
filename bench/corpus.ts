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
  /** The corpus verdict of the server's main row: issue1+2, issue2, safe, unclear. */
  verdict: string;
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

interface Expectation {
  shape: string;
  verdict: string;
}

/**
 * Reads the corpus list. Folders are named `<id>-<owner>+<repo>` (what lay-out.sh writes) or
 * `<owner>+<repo>`; rows `NNN.k` are further files of server `NNN`, whose verdict is the one of
 * row `NNN`.
 */
function expectations(tsv: string | undefined): Map<string, Expectation> {
  const map = new Map<string, Expectation>();
  if (!tsv) return map;
  for (const line of readFileSync(tsv, 'utf8').split('\n').slice(1)) {
    const [id, repo, , , , framework, mode, verdict] = line.split('\t');
    if (!id || !repo) continue;
    const server = id.split('.')[0]!;
    const keys = [`${server}-${repo.replace('/', '+')}`, repo.replace('/', '+')];
    const value = `${framework} / ${mode}`;
    for (const key of keys) {
      const seen = map.get(key);
      if (!seen) map.set(key, { shape: value, verdict: id === server ? (verdict ?? '') : '' });
      else {
        if (!seen.shape.split(', ').includes(value)) seen.shape = `${seen.shape}, ${value}`;
        if (id === server) seen.verdict = verdict ?? '';
      }
    }
  }
  return map;
}

const AFFECTED = new Set(['issue1+2', 'issue2']);

async function runOn(dir: string, mode: 'write' | 'dry'): Promise<RunResult> {
  return run({ paths: ['.'], cwd: dir, mode, bump: false, allowDirty: true });
}

async function measure(source: string, name: string, expected: Expectation, diffs?: string): Promise<Row> {
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
      expected: expected.shape,
      verdict: expected.verdict,
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
  for (const name of servers) {
    const expectation = expected.get(name) ?? { shape: '', verdict: '' };
    rows.push(await measure(join(folder, name), name, expectation, diffs));
    if (process.stderr.isTTY) process.stderr.write(`\r${rows.length}/${servers.length} ${name}`.padEnd(80));
  }
  if (process.stderr.isTTY) process.stderr.write('\n');

  console.log('| server | verdict | corpus says | result | files changed | review findings | parses | idempotent |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const reasons = row.reasons.length > 0 ? ` (${row.reasons.join(', ')})` : '';
    const result = row.verdict === 'safe' && row.changed > 0 ? `${row.status} (SAFE CHANGED)` : row.status;
    console.log(
      `| ${row.server} | ${row.verdict} | ${row.expected} | ${result} | ${row.changed} | ${row.review}${reasons} | ${row.parses ? 'yes' : 'NO'} | ${row.idempotent ? 'yes' : 'NO'} |`,
    );
  }
  if (rows.some((row) => row.verdict)) {
    const affected = rows.filter((row) => AFFECTED.has(row.verdict));
    const safe = rows.filter((row) => row.verdict === 'safe');
    const tally = (status: Row['status']) => affected.filter((row) => row.status === status).length;
    console.log('');
    console.log(
      `affected (${affected.length}): ${tally('fixed')} fixed, ${tally('fixed+review')} fixed with marked leftovers, ` +
        `${tally('marked')} marked, ${tally('untouched')} SILENT, ${tally('parse error')} with errors`,
    );
    for (const row of affected.filter((row) => row.status === 'untouched')) console.log(`silent: ${row.server}`);
    const changedSafe = safe.filter((row) => row.changed > 0);
    console.log(`safe (${safe.length}): ${safe.length - changedSafe.length} byte-identical, ${changedSafe.length} changed`);
    for (const row of changedSafe) console.log(`safe but changed: ${row.server}`);
    const unclear = rows.filter((row) => row.verdict && !AFFECTED.has(row.verdict) && row.verdict !== 'safe');
    if (unclear.length > 0) console.log(`other verdicts (${unclear.length}): ${unclear.map((row) => `${row.server} ${row.status}`).join(', ')}`);
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
