/*
 * recast re-indents the lines of a statement that moves into a block, template
 * literal lines included, which would change the literal's value. Locking the lines
 * that continue a template literal (or a string with an escaped line break) in the
 * original text keeps their bytes wherever the statement goes.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyNode = any;

export function lockLiteralLines(file: AnyNode, literals: Iterable<AnyNode>): void {
  const lines = file?.loc?.lines as { infos?: Array<{ locked?: boolean }> } | undefined;
  if (!lines?.infos) return;
  for (const node of literals) {
    const loc = node?.loc;
    if (!loc || loc.start.line === loc.end.line) continue;
    for (let line = loc.start.line + 1; line <= loc.end.line; line++) {
      const info = lines.infos[line - 1];
      if (info) info.locked = true;
    }
  }
}
