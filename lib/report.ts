/*
 * Reports of a run for machines and reviewers: JSON (schema in
 * schemas/report.schema.json), a Markdown PR-body summary, and SARIF 2.1.0 for code
 * scanning. The text format is the CLI's own summary, without colours.
 */
import { RULE_TITLES, type RuleId } from './findings.js';
import type { DependencyChange } from './bump-sdk.js';
import type { FileResult, PackageResult, RunResult } from './run.js';

export const REPORT_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { text: 'txt', json: 'json', markdown: 'md', sarif: 'sarif' };

export interface ReportContext {
  version: string;
  options: { paths: string[]; mode: string; bump: boolean; bumpUnfixed?: boolean };
}

/**
 * Rules about the dependency bump rather than the code, numbered from 101 so the
 * code rules (MCP-ISO-001...) can grow without a clash.
 */
export const PACKAGE_RULES = {
  'MCP-ISO-101': 'The SDK bump reaches code that still shares a server or transport (it fails at the second concurrent client on 1.26)',
} as const;
const BUMP_MEETS_UNFIXED_CODE = 'MCP-ISO-101';

const change = ({ field, from, to }: DependencyChange) => ({ field, from, to });

export type FileStatus = 'changed' | 'unchanged' | 'needs-review' | 'parse-error' | 'skipped';

export function statusOf(file: FileResult): FileStatus {
  if (file.error) return 'parse-error';
  if (file.skipped) return 'skipped';
  if (file.needsReview) return 'needs-review';
  return file.changed ? 'changed' : 'unchanged';
}

/** The JSON report: one document, the shape schemas/report.schema.json describes. */
export function jsonReport(result: RunResult, context: ReportContext): object {
  return {
    tool: { name: 'mcp-isolate', version: context.version },
    options: context.options,
    summary: {
      scanned: result.scanned,
      changed: result.files.filter((file) => file.changed).length,
      needsReview: result.files.filter((file) => file.needsReview).length,
      failed: result.files.filter((file) => file.error).length,
      skipped: result.files.filter((file) => file.skipped).length,
      packagesChanged: result.packages.filter((pkg) => pkg.changes.length > 0).length,
      packagesAtRisk: result.packages.filter((pkg) => pkg.unfixed?.bumped).length,
      packagesHeldBack: result.packages.filter((pkg) => pkg.heldBack).length,
    },
    files: result.files.map((file) => ({
      path: file.path,
      status: statusOf(file),
      changed: file.changed,
      ...(file.error ? { error: file.error } : {}),
      ...(file.skipped ? { reason: file.skipped } : {}),
      findings: file.findings.map((finding) => ({
        rule: finding.rule,
        title: RULE_TITLES[finding.rule],
        line: finding.line,
        column: finding.column,
        message: finding.message,
        status: finding.status,
      })),
      diff: file.diff,
    })),
    packages: result.packages.map((pkg) => ({
      path: pkg.path,
      changes: pkg.changes.map(change),
      notes: pkg.notes,
      ...(pkg.unfixed
        ? { unfixed: { instances: pkg.unfixed.instances, files: pkg.unfixed.files, bumped: pkg.unfixed.bumped, message: pkg.unfixed.message } }
        : {}),
      ...(pkg.heldBack ? { heldBack: { changes: pkg.heldBack.changes.map(change), reason: pkg.heldBack.reason } } : {}),
      ...(pkg.error ? { error: pkg.error } : {}),
      diff: pkg.diff,
    })),
    lockfiles: result.lockfiles,
    missingPaths: result.missingPaths,
    ...(result.refused ? { refused: result.refused } : {}),
  };
}

const MARKDOWN_LIMIT = 60 * 1024;

/**
 * A PR-body summary: a table of files, findings that need review first, diffs in
 * <details>. Diffs are cut, with a note, so the body stays under 60 KB (GitHub's
 * comment limit is 65,536 characters).
 */
export function markdownReport(result: RunResult, context: ReportContext): string {
  const review = result.files.flatMap((file) => file.findings.filter((finding) => finding.status === 'review').map((finding) => ({ file, finding })));
  const listed = result.files.filter((file) => statusOf(file) !== 'unchanged');
  const head: string[] = [
    `## mcp-isolate ${context.version}: CVE-2026-25536 (shared MCP server instances)`,
    '',
    `${result.scanned} files scanned, ${result.files.filter((file) => file.changed).length} ${result.mode === 'write' ? 'changed' : 'to change'}, ` +
      `${result.files.filter((file) => file.needsReview).length} need review, ${result.files.filter((file) => file.error).length} failed.`,
    '',
  ];
  const atRisk = result.packages.filter((pkg) => pkg.unfixed?.bumped);
  if (atRisk.length > 0) {
    // First, and as a GitHub alert: the one thing a reviewer of the bump must not miss.
    head.push(
      '> [!WARNING]',
      '> **This SDK bump turns a leak into an outage** in the packages below: their code still shares a server or transport, which on `@modelcontextprotocol/sdk` 1.26 fails at the second concurrent client until it is fixed. Fix the marked code, or run with `--no-bump-unfixed` to hold these bumps back.',
      '>',
      ...atRisk.map((pkg) => `> - \`${pkg.path}\`: ${escapeCell(pkg.unfixed?.message ?? '')} (${unfixedFiles(pkg)})`),
      '',
    );
  }
  if (review.length > 0) {
    head.push('### Needs review', '', '| file | line | rule | why |', '|---|---|---|---|');
    for (const { file, finding } of review) head.push(`| \`${file.path}\` | ${finding.line} | ${finding.rule} | ${escapeCell(finding.message)} |`);
    head.push('');
  }
  if (listed.length > 0) {
    head.push('### Files', '', '| file | status | findings |', '|---|---|---|');
    for (const file of listed) head.push(`| \`${file.path}\` | ${statusOf(file)} | ${file.findings.length} |`);
    head.push('');
  }
  const bumps = result.packages.flatMap((pkg) => pkg.changes.map((change) => `- \`${pkg.path}\`: \`@modelcontextprotocol/sdk\` ${change.from} → ${change.to} (${change.field})`));
  if (bumps.length > 0) head.push('### SDK version', '', ...bumps, '');
  const held = result.packages.flatMap((pkg) =>
    (pkg.heldBack?.changes ?? []).map((entry) => `- \`${pkg.path}\`: \`@modelcontextprotocol/sdk\` ${entry.from} not raised (${entry.field}): ${escapeCell(pkg.heldBack?.reason ?? '')}`),
  );
  if (held.length > 0) head.push('### SDK bump held back', '', ...held, '');
  const lockfiles = result.lockfiles.map((hint) => `\`${hint.command}\`${hint.root === '.' ? '' : ` in \`${hint.root}\``}`);
  if (bumps.length > 0 && lockfiles.length > 0) head.push(`The lockfile is not edited: run ${lockfiles.join(', ')} to refresh it.`, '');

  const diffs = [...result.files, ...result.packages].filter((entry) => entry.diff);
  let body = head.join('\n');
  const omitted: string[] = [];
  for (const entry of diffs) {
    const block = `<details><summary><code>${entry.path}</code></summary>\n\n\`\`\`diff\n${entry.diff}\`\`\`\n\n</details>\n`;
    if (body.length + block.length + 200 > MARKDOWN_LIMIT) {
      omitted.push(entry.path);
      continue;
    }
    body += `\n${block}`;
  }
  if (omitted.length > 0) {
    body += `\n_${omitted.length} more diff${omitted.length === 1 ? '' : 's'} left out to stay under 60 KB; run \`npx mcp-isolate --dry\` to see them._\n`;
  }
  return body;
}

function unfixedFiles(pkg: PackageResult): string {
  return (pkg.unfixed?.files ?? []).map((file) => `\`${file.path}\``).join(', ');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** SARIF 2.1.0: one result per finding, rules with stable ids, repo-relative URIs. */
export function sarifReport(result: RunResult, context: ReportContext): object {
  const titles: Array<[string, string]> = [...(Object.keys(RULE_TITLES) as RuleId[]).map((id): [string, string] => [id, RULE_TITLES[id]]), ...Object.entries(PACKAGE_RULES)];
  const rules = titles.map(([id, title]) => ({
    id,
    name: title.replace(/ \(.*\)$/, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ? next.toUpperCase() : '')),
    shortDescription: { text: title },
    helpUri: 'https://github.com/advisories/GHSA-345p-7cg4-v4c7',
    defaultConfiguration: { level: 'error' },
  }));
  const results: object[] = result.files.flatMap((file) =>
    file.findings.map((finding) => ({
      ruleId: finding.rule as string,
      ruleIndex: rules.findIndex((rule) => rule.id === finding.rule),
      // A fixed finding was vulnerable code the rewrite replaces: still worth seeing in an audit.
      level: finding.status === 'review' ? 'error' : 'warning',
      message: { text: finding.status === 'fixed' ? `${finding.message} (mcp-isolate rewrites this)` : finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(file.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, finding.line), startColumn: Math.max(1, finding.column) },
          },
        },
      ],
    })),
  );
  // One result per package whose bump meets unfixed code, at the line the bump shows in.
  for (const pkg of result.packages) {
    if (!pkg.unfixed?.bumped) continue;
    results.push({
      ruleId: BUMP_MEETS_UNFIXED_CODE,
      ruleIndex: rules.findIndex((rule) => rule.id === BUMP_MEETS_UNFIXED_CODE),
      level: 'error',
      message: { text: `${pkg.unfixed.message} (${pkg.unfixed.files.map((file) => file.path).join(', ')})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(pkg.path), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, pkg.unfixed.line), startColumn: 1 },
          },
        },
      ],
    });
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mcp-isolate',
            version: context.version,
            informationUri: 'https://github.com/advisories/GHSA-345p-7cg4-v4c7',
            rules,
          },
        },
        results,
      },
    ],
  };
}
