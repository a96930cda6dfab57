import type { Options } from 'recast';

/**
 * Recast reuses the original text of untouched nodes; these options only shape the
 * code we add, so it reads like the rest of the file.
 */
export function printOptionsFor(source: string): Options {
  const lineTerminator = source.includes('\r\n') ? '\r\n' : '\n';
  const singles = (source.match(/(?:from|require\()\s*'/g) ?? []).length;
  const doubles = (source.match(/(?:from|require\()\s*"/g) ?? []).length;
  const quote = doubles > singles ? 'double' : 'single';
  const { useTabs, tabWidth } = detectIndent(source);
  // `(req) =>` or `req =>`: whichever the file writes more often (prettier's default is parentheses).
  const bare = (source.match(/(?:^|[\s,(=:])[A-Za-z_$][\w$]*\s*=>/g) ?? []).length;
  const parenthesised = (source.match(/\(\s*[A-Za-z_$][\w$]*\s*(?::[^()]*)?\)\s*(?::[^=]*)?=>/g) ?? []).length;
  return { quote, lineTerminator, useTabs, tabWidth, arrowParensAlways: parenthesised >= bare };
}

function detectIndent(source: string): { useTabs: boolean; tabWidth: number } {
  const counts = new Map<number, number>();
  let tabs = 0;
  let spaces = 0;
  for (const line of source.split('\n').slice(0, 400)) {
    const match = /^([ \t]+)\S/.exec(line);
    if (!match) continue;
    const indent = match[1] as string;
    if (indent.startsWith('\t')) {
      tabs++;
      continue;
    }
    spaces++;
    if (indent.length === 2 || indent.length === 4) counts.set(indent.length, (counts.get(indent.length) ?? 0) + 1);
  }
  if (tabs > spaces) return { useTabs: true, tabWidth: 4 };
  const two = counts.get(2) ?? 0;
  const four = counts.get(4) ?? 0;
  return { useTabs: false, tabWidth: two > 0 || four === 0 ? 2 : 4 };
}
