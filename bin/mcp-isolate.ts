#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { REPORT_EXTENSIONS, REPORT_FORMATS, type ReportContext, type ReportFormat, jsonReport, markdownReport, sarifReport } from '../lib/report.js';
import { type RunResult, exitCodeOf, run } from '../lib/run.js';
import { formatSummary } from '../lib/summary.js';

const VERSION: string = createRequire(import.meta.url)('../../package.json').version;

const EPILOG = `Exit codes: 0 done, 1 --check found work, 2 bad usage or a file could not be processed.
Docs: rewrites shared McpServer/transport instances (CVE-2026-25536) into per-request and per-session factories.`;

async function main(): Promise<number> {
  const argv = await yargs(hideBin(process.argv))
    .scriptName('mcp-isolate')
    .usage('$0 [paths..]\n\nGive every MCP request, session and SSE stream its own server (CVE-2026-25536), and bump @modelcontextprotocol/sdk to ^1.26.0.')
    .command('$0 [paths..]', false)
    .positional('paths', { describe: 'files or folders to rewrite', type: 'string', array: true, default: ['.'] })
    .option('dry', { type: 'boolean', default: false, describe: 'print a unified diff (git apply-able) and write nothing' })
    .option('check', { type: 'boolean', default: false, describe: 'write nothing; exit 1 when anything would change or needs review' })
    .option('bump', { type: 'boolean', default: true, describe: 'raise @modelcontextprotocol/sdk to ^1.26.0 in package.json and catalogs (--no-bump to skip)' })
    .option('bump-unfixed', {
      type: 'boolean',
      default: true,
      describe:
        'also bump packages whose code still has a marked (unfixed) shared server or transport; on 1.26 it fails loudly instead of leaking (--no-bump-unfixed holds those bumps back and bumps the others)',
    })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'write even when the git work tree has uncommitted changes' })
    .option('report', { type: 'string', describe: 'write a report to this file (several --format: one file per format, by extension)' })
    .option('format', {
      // Repeatable, one value each: an array option would swallow the paths after it.
      type: 'string',
      choices: [...REPORT_FORMATS],
      coerce: (value: string | string[]) => (Array.isArray(value) ? value : [value]),
      describe: 'report format(s); without --report the report goes to stdout instead of the diff',
    })
    .option('jobs', { type: 'number', describe: 'worker threads for parsing (default: cores - 1 from 4 cores up, else 1: the main thread)' })
    .check((args) => {
      if (args.dry && args.check) throw new Error('--dry and --check cannot be used together');
      if (args.jobs !== undefined && !(Number.isInteger(args.jobs) && args.jobs >= 1)) throw new Error('--jobs takes a whole number of threads, 1 or more');
      return true;
    })
    .example('$0 --dry', 'preview the rewrite of the current folder as a diff')
    .example('$0 --dry src > fix.patch && git apply fix.patch', 'save the preview and apply it later')
    .example('$0 src/', 'rewrite src/ in place and bump the SDK')
    .example('$0 --check .', 'CI gate: exit 1 when anything is still vulnerable')
    .example('$0 --check --format sarif > mcp-isolate.sarif', 'audit for GitHub code scanning: nothing written, exit 1 when vulnerable')
    .example('$0 --dry --report summary.md', 'a Markdown summary for a pull request body')
    .example('$0 --no-bump --allow-dirty server.ts', 'rewrite one file only, on a dirty tree')
    .example('$0 --no-bump-unfixed .', 'rewrite, and bump only the packages with nothing left unfixed')
    .epilog(EPILOG)
    .strictOptions()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`mcp-isolate: ${message}\nRun mcp-isolate --help for usage.\n`);
      process.exit(2);
    })
    .parseAsync();

  const mode = argv.dry ? 'dry' : argv.check ? 'check' : 'write';
  const progress = process.stderr.isTTY && !process.env.CI ? progressLine() : undefined;
  const result = await run({
    paths: (argv.paths as string[] | undefined)?.length ? (argv.paths as string[]) : ['.'],
    cwd: process.cwd(),
    mode,
    bump: argv.bump,
    holdUnfixed: !argv['bump-unfixed'],
    allowDirty: argv['allow-dirty'],
    ...(argv.jobs !== undefined ? { jobs: argv.jobs } : {}),
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.clear();

  const formats = (argv.format as ReportFormat[] | undefined) ?? (argv.report ? [formatOfFile(argv.report)] : []);
  const context = { version: VERSION, options: { paths: (argv.paths as string[] | undefined) ?? ['.'], mode, bump: argv.bump, bumpUnfixed: argv['bump-unfixed'] } };
  if (formats.length > 0 && !argv.report) {
    // The report owns stdout (so it can be redirected); the summary goes to stderr.
    process.stdout.write(render(formats[0] as ReportFormat, result, context));
    process.stderr.write(`${formatSummary(result)}\n`);
    return exitCodeOf(result);
  }
  if (argv.report) {
    for (const format of formats) {
      const file = formats.length === 1 ? argv.report : withExtension(argv.report, REPORT_EXTENSIONS[format]);
      writeFileSync(file, render(format, result, context));
    }
  }
  if (mode === 'dry') {
    for (const entry of [...result.files, ...result.packages]) if (entry.diff) process.stdout.write(entry.diff);
    // The diff owns stdout so it can be piped to a file or `git apply`.
    process.stderr.write(`${formatSummary(result)}\n`);
  } else {
    const out = result.refused ? process.stderr : process.stdout;
    out.write(`${formatSummary(result)}\n`);
  }
  return exitCodeOf(result);
}

/**
 * One line on a terminal's stderr, shown only once the run has taken a second
 * (short runs stay quiet), redrawn at most 10 times a second, cleared at the end.
 */
function progressLine() {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update({ scanned, candidates, done }: { scanned: number; candidates: number; done: number }) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      process.stderr.write(`\r\x1b[2Kmcp-isolate: ${scanned} files scanned, ${done}/${candidates} using the SDK processed`);
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[2K');
    },
  };
}

function render(format: ReportFormat, result: RunResult, context: ReportContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(jsonReport(result, context), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(sarifReport(result, context), null, 2)}\n`;
    case 'markdown':
      return markdownReport(result, context);
    case 'text':
      return `${formatSummary(result, { colors: false })}\n`;
  }
}

function formatOfFile(file: string): ReportFormat {
  const ext = extname(file).slice(1).toLowerCase();
  const found = (Object.entries(REPORT_EXTENSIONS) as Array<[ReportFormat, string]>).find(([, extension]) => extension === ext);
  return found ? found[0] : ext === 'markdown' ? 'markdown' : 'text';
}

function withExtension(file: string, ext: string): string {
  const current = extname(file);
  return `${current ? file.slice(0, -current.length) : file}.${ext}`;
}

let settled = false;
// A run whose work never settles would otherwise end quietly with exit 0: never silent.
process.on('beforeExit', () => {
  if (settled) return;
  process.stderr.write('mcp-isolate: internal error: the run stopped before it finished; nothing more was done. Please report this.\n');
  process.exitCode = 2;
  settled = true;
});

main().then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`mcp-isolate: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 2;
  },
);
