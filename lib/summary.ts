import colours from 'picocolors';

const plain = colours.createColors(false);
import type { RunResult, Unfixed } from './run.js';

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
    for (const change of pkg.heldBack?.changes ?? []) {
      lines.push(`${pc.red('held    ')} ${pkg.path}: @modelcontextprotocol/sdk ${change.from} not raised to ${change.to} (${change.field}): ${pkg.heldBack?.reason}`);
    }
    for (const note of pkg.notes) lines.push(`${pc.yellow('note    ')} ${pkg.path}: ${note.field} ${note.spec}: ${note.reason}`);
    if (pkg.unfixed?.bumped) lines.push(`${pc.red('at risk ')} ${pkg.path}: ${pkg.unfixed.message} (${filesOf(pkg.unfixed)})`);
    if (pkg.error) lines.push(`${pc.red('error   ')} ${pkg.path}: ${pkg.error}`);
  }
  const manifests = packages.filter((pkg) => pkg.path.endsWith('package.json'));
  const heldBack = result.packages.filter((pkg) => pkg.heldBack);
  const atRisk = result.packages.filter((pkg) => pkg.unfixed?.bumped);

  const counts = [
    `${result.scanned} file${result.scanned === 1 ? '' : 's'} scanned`,
    `${changed.length} ${verb}`,
    `${review.length} need${review.length === 1 ? 's' : ''} review`,
    `${failed.length} failed`,
    ...(skipped.length > 0 ? [`${skipped.length} skipped`] : []),
    `${manifests.length} package.json ${verb}`,
    ...(packages.length > manifests.length ? [`${packages.length - manifests.length} catalog${packages.length - manifests.length === 1 ? '' : 's'} ${verb}`] : []),
    ...(heldBack.length > 0 ? [`${heldBack.length} held back`] : []),
  ];
  lines.push('', `${pc.bold('mcp-isolate')}: ${counts.join(', ')}`);
  if (packages.length > 0 && result.mode !== 'check') lines.push(...lockfileLines(result));
  if (atRisk.length > 0) {
    lines.push(
      pc.red(`${atRisk.length === 1 ? 'A bump meets' : `${atRisk.length} bumps meet`} code that still shares a server or transport (at risk above): on SDK 1.26 it fails at the second concurrent client instead of leaking.`),
      'Fix the marked code, or pass --no-bump-unfixed to hold those bumps back.',
    );
  }
  if (heldBack.length > 0) lines.push(`Held back until the marked code is fixed: ${heldBack.map((pkg) => pkg.path).join(', ')}. Run mcp-isolate again once it is.`);
  if (review.length > 0) lines.push('Look for `// mcp-isolate:` comments in the files above.');
  if (result.mode === 'dry' && (changed.length > 0 || packages.length > 0)) lines.push('Dry run: nothing was written.');
  return lines.join('\n');
}

function filesOf(unfixed: Unfixed): string {
  const shown = unfixed.files.slice(0, 3).map((file) => file.path);
  return unfixed.files.length > shown.length ? `${shown.join(', ')} and ${unfixed.files.length - shown.length} more` : shown.join(', ');
}

/** The package manager each changed tree uses (from its lockfile) and the one command that refreshes the lockfile. */
function lockfileLines(result: RunResult): string[] {
  const when = result.mode === 'write' ? '' : ' once the diff is applied';
  if (result.lockfiles.length === 0) return [`The lockfile is not edited: no lockfile found; run your package manager's install${when}.`];
  return result.lockfiles.map((hint) => {
    const where = hint.root === '.' ? '' : ` in ${hint.root}`;
    const uses = hint.lockfile ? `${hint.manager} (${hint.lockfile})` : `${hint.manager} (packageManager in package.json)`;
    return `The lockfile is not edited: this tree uses ${uses}; run \`${hint.command}\`${where} to refresh it${when}.`;
  });
}
