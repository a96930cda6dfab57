import { structuredPatch } from 'diff';

/** A git-style unified diff (`a/` and `b/` prefixes) that `git apply` accepts. */
export function unifiedDiff(relativePath: string, before: string, after: string): string {
  const path = relativePath.split('\\').join('/');
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  if (patch.hunks.length === 0) return '';
  const lines = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`);
    lines.push(...hunk.lines);
  }
  return `${lines.join('\n')}\n`;
}

function range(start: number, count: number): string {
  // An empty side starts at the line before it, as in GNU diff.
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}
