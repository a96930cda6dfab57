/**
 * The performance benchmark: generated monorepos (sparse 2,000 and 20,000 files with
 * 1% servers, dense 500 servers), each run alternately with
 *   - mcp-isolate --dry (this tool),
 *   - grep -rlE for the SDK's package name (the floor: reading the files),
 *   - jscodeshift with our transform (--dry, same extensions and ignores),
 * printing the median wall time and peak memory of each and the ratios.
 *
 *   npm run bench -- [--runs 5] [--cases sparse-2000,sparse-20000,dense-500] [--dir /tmp/mcp-isolate-bench]
 *                    [--against /path/to/another/checkout]
 *
 * --against adds that checkout's built CLI (its dist/) to the alternation, so "no slower than
 * before" is measured on the same trees, on the same machine, at the same time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateMonorepo } from './generate-monorepo.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs'];

interface Case {
  name: string;
  files: number;
  servers: number;
  seed: number;
}

const CASES: Case[] = [
  { name: 'sparse-2000', files: 2000, servers: 0.01, seed: 1 },
  { name: 'sparse-20000', files: 20000, servers: 0.01, seed: 2 },
  { name: 'dense-500', files: 500, servers: 1, seed: 3 },
];

interface Tool {
  name: string;
  command: string[];
}

function tools(against: string | undefined): Tool[] {
  const baseline: Tool[] = against
    ? [{ name: 'mcp-isolate (--against)', command: [process.execPath, join(against, 'dist', 'bin', 'mcp-isolate.js'), '--dry', '--no-bump', '.'] }]
    : [];
  return [
    { name: 'mcp-isolate', command: [process.execPath, join(ROOT, 'dist', 'bin', 'mcp-isolate.js'), '--dry', '--no-bump', '.'] },
    ...baseline,
    {
      name: 'grep (floor)',
      command: [
        'grep',
        '-rlE',
        '@modelcontextprotocol/sdk',
        ...EXTENSIONS.map((ext) => `--include=*.${ext}`),
        '--exclude-dir=node_modules',
        '--exclude-dir=dist',
        '--exclude-dir=generated',
        '.',
      ],
    },
    {
      name: 'jscodeshift',
      command: [
        join(ROOT, 'node_modules', '.bin', 'jscodeshift'),
        '-t',
        join(ROOT, 'dist', 'transforms', 'isolate-mcp-server.js'),
        '--dry',
        '--silent',
        '--parser=ts',
        `--extensions=${EXTENSIONS.join(',')}`,
        '--ignore-pattern=**/node_modules/**',
        '--ignore-pattern=**/dist/**',
        '--gitignore',
        '.',
      ],
    },
  ];
}

interface Sample {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** One run under /usr/bin/time: wall seconds and peak resident memory. */
function measure(command: string[], cwd: string, tolerant = false): Sample {
  const out = join(mkdtempSync(join(tmpdir(), 'mcp-isolate-time-')), 'time.txt');
  const started = process.hrtime.bigint();
  const hasTime = existsSync('/usr/bin/time');
  const [file, ...args] = hasTime ? ['/usr/bin/time', '-f', '%e %M', '-o', out, ...command] : command;
  const result = spawnSync(file as string, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1 && !(tolerant && result.status === 2)) throw new Error(`${command.join(' ')} failed (${result.status}): ${result.stderr?.toString().slice(0, 500)}`);
  let peakMb = Number.NaN;
  if (hasTime) {
    const [, maxKb] = readFileSync(out, 'utf8').trim().split('\n').pop()?.split(' ') ?? [];
    peakMb = Number(maxKb) / 1024;
  }
  rmSync(join(out, '..'), { recursive: true, force: true });
  return { seconds: wall, peakMb, stdout: result.stdout?.toString() ?? '' };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function main() {
  const runs = Number(option('runs') ?? 5);
  const dir = option('dir') ?? join(tmpdir(), 'mcp-isolate-bench');
  const wanted = option('cases')?.split(',');
  const against = option('against');
  if (against && !existsSync(join(against, 'dist', 'bin', 'mcp-isolate.js'))) throw new Error(`--against ${against}: no dist/bin/mcp-isolate.js there (build that checkout first)`);
  const cases = CASES.filter((entry) => !wanted || wanted.includes(entry.name));
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${availableParallelism()} cores, Node ${process.version}; ${runs} runs each, alternating; medians`);
  console.log('');
  console.log('| case | files | servers | tool | wall (s) | peak memory (MB) |');
  console.log('|---|---|---|---|---|---|');
  const summary: string[] = [];
  const isolateSeconds = new Map<string, number>();
  for (const entry of cases) {
    const tree = join(dir, entry.name);
    const stats = generateMonorepo({ out: tree, files: entry.files, servers: entry.servers, seed: entry.seed });
    const samples = new Map<string, Sample[]>();
    // Warm the page cache once, so no tool pays for the first read alone.
    measure((tools(against).find((tool) => tool.name.startsWith('grep')) as Tool).command, tree);
    for (let run = 0; run < runs; run++) {
      for (const tool of tools(against)) {
        const list = samples.get(tool.name) ?? [];
        // An older checkout may fail on a generated shape it did not know (exit 2): it is still timed.
        const sample = measure(tool.command, tree, tool.name === 'mcp-isolate (--against)');
        // A fast run that did not do the work would be a lie: every server must show up in the diff.
        // (An older checkout given with --against may fix fewer of the generated shapes: it is only timed.)
        if (tool.name === 'mcp-isolate') {
          const diffs = sample.stdout.split('\n').filter((line) => line.startsWith('diff --git')).length;
          if (diffs !== stats.serverFiles) throw new Error(`mcp-isolate printed ${diffs} diffs for ${stats.serverFiles} servers in ${entry.name}`);
        }
        list.push(sample);
        samples.set(tool.name, list);
      }
    }
    const medians = new Map([...samples].map(([name, list]) => [name, { seconds: median(list.map((s) => s.seconds)), peakMb: median(list.map((s) => s.peakMb)), stdout: '' }]));
    for (const [name, value] of medians) {
      console.log(`| ${entry.name} | ${stats.sourceFiles} (+${stats.skippedFiles} to skip) | ${stats.serverFiles} | ${name} | ${value.seconds.toFixed(2)} | ${value.peakMb.toFixed(0)} |`);
    }
    const isolate = medians.get('mcp-isolate') as Sample;
    const grep = medians.get('grep (floor)') as Sample;
    const jscodeshift = medians.get('jscodeshift') as Sample;
    isolateSeconds.set(entry.name, isolate.seconds);
    const before = medians.get('mcp-isolate (--against)');
    if (before) summary.push(`${entry.name}: ${isolate.seconds.toFixed(2)} s against ${before.seconds.toFixed(2)} s for --against (${((isolate.seconds / before.seconds - 1) * 100).toFixed(0)}%)`);
    summary.push(
      `${entry.name}: mcp-isolate is ${(isolate.seconds / grep.seconds).toFixed(1)}x the grep floor and ${(jscodeshift.seconds / isolate.seconds).toFixed(1)}x faster than jscodeshift; peak ${isolate.peakMb.toFixed(0)} MB`,
    );
  }
  console.log('');
  for (const line of summary) console.log(line);
  const small = isolateSeconds.get('sparse-2000');
  const large = isolateSeconds.get('sparse-20000');
  if (small && large) console.log(`growth: 10x the files took ${(large / small).toFixed(1)}x the time`);
}

main();
