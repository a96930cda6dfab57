/*
 * The codemod registry's entry (jssg): it hands each file's text to the same
 * jscodeshift transform the CLI runs, so `npx codemod` and `npx mcp-isolate` give
 * byte-identical results. Bundled by `npm run codemod:bundle`; the bundle is a build
 * output, not committed.
 */
import jscodeshift from 'jscodeshift';
import { isolateMcpServer } from '../../transforms/lib/isolate.js';

interface Root {
  root(): { text(): string };
  filename(): string;
}

const parsers = { ts: jscodeshift.withParser('ts'), tsx: jscodeshift.withParser('tsx'), babylon: jscodeshift.withParser('babylon') };

export default async function mcpIsolate(root: Root): Promise<string | null> {
  const source = root.root().text();
  const filename = root.filename();
  const parser = /\.tsx$/.test(filename) ? 'tsx' : /\.[cm]?ts$/.test(filename) ? 'ts' : 'babylon';
  const result = isolateMcpServer(source, parsers[parser], { typescript: parser !== 'babylon' });
  return result.source ?? null;
}
