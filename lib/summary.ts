import colours from 'picocolors';

const plain = colours.createColors(false);
import type { RunResult } from './run.js';

/** The human summary printed at the end of a run. */
export function formatSummary(result: RunResult, { colors = true }: { colors?: boolean } = {}): string {
  const pc = colors ? colours : plain;
  const lines: string[] = [];
  if (result.refused) {
    lines.push(
      pc.red(`mcp-isolate: refusing to write: ${result.refused.root} has uncommitted changes:`),
      ...result.refused.changes.slice(0, 10).map((change) => `  ${change}`),
      ...(result.refused.changes.length > 10 ? [`  ... and ${result.refused.changes.length - 10} more`] : []),
      'Commit or stash them first, or pass --allow-dirty (or use --dry to preview).',
    );
    return lines.join('\n');
  }
  const verb = result.mode === 'write' ? 'changed' : 'would change';
  const changed = result.files.filter((file) => file.changed);
  const review = result.files.filter((file) => file.needsReview);
  const failed = result.files.filter((file) => file.error);
  const packages = result.packages.filter((pkg) => pkg.changes.length > 0);

  for (const missing of result.missingPaths) lines.push(`${pc.red('missing ')} ${missing}: no such file or directory`);
  for (const file of changed) lines.push(`${pc.green(result.mode === 'write' ? 'changed ' : 'changes ')} ${file.path}`);
  for (const file of result.files) {
    for (const finding of file.findings.filter((entry) => entry.status === 'review')) {
      lines.push(`${pc.yellow('review  ')} ${file.path}:${finding.line}:${finding.column} ${pc.dim(finding.rule)} ${finding.message}`);
    }
  }
  for (const file of failed) lines.push(`${pc.red('error   ')} ${file.path}: ${file.error}`);
  const skipped = result.files.filter((file) => file.skipped);
  for (const file of skipped) lines.push(`${pc.dim('skipped ')} ${file.path}: ${file.skipped}`);
  for (const pkg of result.packages) {
    for (const change of pkg.changes) {
      lines.push(`${pc.green('bump    ')} ${pkg.path}: @modelcontextprotocol/sdk ${change.from} -> ${change.to} (${change.field})`);
    }
    for (const note of pkg.notes) lines.push(`${pc.yellow('note    ')} ${pkg.path}: ${note.field} ${note.spec}: ${note.reason}`);
    if (pkg.error) lines.push(`${pc.red('error   ')} ${pkg.path}: ${pkg.error}`);
  }

  const counts = [
    `${result.scanned} file${result.scanned === 1 ? '' : 's'} scanned`,
    `${changed.length} ${verb}`,
    `${review.length} need${review.length === 1 ? 's' : ''} review`,
    `${failed.length} failed`,
    ...(skipped.length > 0 ? [`${skipped.length} skipped`] : []),
    `${packages.length} package.json ${verb}`,
  ];
  lines.push('', `${pc.bold('mcp-isolate')}: ${counts.join(', ')}`);
  if (packages.length > 0 && result.mode === 'write') {
    lines.push('The lockfile is not edited: run your package manager (npm install, pnpm install, yarn) to update it.');
  }
  if (review.length > 0) lines.push('Look for `// mcp-isolate:` comments in the files above.');
  if (result.mode === 'dry' && (changed.length > 0 || packages.length > 0)) lines.push('Dry run: nothing was written.');
  return lines.join('\n');
}
