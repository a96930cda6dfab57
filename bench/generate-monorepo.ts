/**
 * A reproducible monorepo for the benchmark: packages of TypeScript and JavaScript
 * files of realistic sizes, `node_modules` and `dist` folders the tool must skip, a
 * .gitignored folder of generated files, and a share of MCP servers of the
 * catalogue's shapes (taken from the fixtures).
 *
 *   node dist/bench/generate-monorepo.js --out /tmp/repo --files 20000 [--servers 0.01] [--seed 1]
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Random, seededRandom } from './random.js';

const FIXTURES = join(import.meta.dirname, '..', '..', '__testfixtures__', 'isolate-mcp-server');

export interface MonorepoOptions {
  out: string;
  /** Source files outside node_modules, dist and ignored folders. */
  files: number;
  /** Share of those files that are MCP servers (0..1). */
  servers: number;
  seed: number;
}

export interface MonorepoStats {
  sourceFiles: number;
  serverFiles: number;
  skippedFiles: number;
  bytes: number;
}

const WORDS = ['account', 'order', 'invoice', 'user', 'session', 'cache', 'report', 'event', 'queue', 'search', 'price', 'stock', 'token', 'route', 'metric'];

function word(random: Random): string {
  return WORDS[Math.floor(random() * WORDS.length)] as string;
}

function capital(text: string): string {
  return text[0]?.toUpperCase() + text.slice(1);
}

/** Ordinary application code: imports, types, functions, comments; about `target` bytes. */
function ordinaryModule(random: Random, target: number, typescript: boolean, index: number): string {
  const parts: string[] = [];
  parts.push(`import { ${word(random)}Helper } from '../lib/${word(random)}${typescript ? '' : '.js'}';`);
  parts.push(`import path from 'node:path';`, '');
  let size = 0;
  let n = 0;
  while (size < target) {
    const name = `${word(random)}${capital(word(random))}${index}_${n++}`;
    const block = typescript
      ? `/** Computes the ${word(random)} for a ${word(random)}. */
export interface ${capital(name)}Input {
  id: string;
  count: number;
  tags: string[];
}

export function ${name}(input: ${capital(name)}Input): number {
  const base = input.count * ${Math.floor(random() * 100)};
  // weigh the ${word(random)} tags
  return input.tags.reduce((total, tag) => total + tag.length, base) + path.sep.length;
}
`
      : `// Computes the ${word(random)} for a ${word(random)}.
export function ${name}(input) {
  const base = input.count * ${Math.floor(random() * 100)};
  return input.tags.reduce((total, tag) => total + tag.length, base) + path.sep.length;
}
`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('\n');
}

export function generateMonorepo(options: MonorepoOptions): MonorepoStats {
  const random = seededRandom(options.seed);
  rmSync(options.out, { recursive: true, force: true });
  mkdirSync(options.out, { recursive: true });
  const servers = readdirSync(FIXTURES)
    .filter((name) => name.includes('.input.') && !name.startsWith('no-change-'))
    .map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') }));
  const stats: MonorepoStats = { sourceFiles: 0, serverFiles: 0, skippedFiles: 0, bytes: 0 };
  const write = (path: string, text: string) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    stats.bytes += text.length;
  };
  writeFileSync(join(options.out, '.gitignore'), 'generated/\n*.log\n');
  writeFileSync(join(options.out, 'package.json'), '{ "name": "bench-monorepo", "private": true, "workspaces": ["packages/*"] }\n');

  const perPackage = 200;
  const packages = Math.max(1, Math.ceil(options.files / perPackage));
  const serverEvery = options.servers > 0 ? Math.max(1, Math.round(1 / options.servers)) : Number.POSITIVE_INFINITY;
  for (let pkg = 0; pkg < packages; pkg++) {
    const root = join(options.out, 'packages', `pkg-${String(pkg).padStart(3, '0')}`);
    const sdkVersion = random() < 0.5 ? '^1.17.0' : '^1.25.3';
    write(join(root, 'package.json'), `{\n  "name": "pkg-${pkg}",\n  "dependencies": {\n    "@modelcontextprotocol/sdk": "${sdkVersion}"\n  }\n}\n`);
    const count = Math.min(perPackage, options.files - pkg * perPackage);
    for (let file = 0; file < count; file++) {
      const index = pkg * perPackage + file;
      const typescript = random() < 0.7;
      const folder = join(root, 'src', word(random), word(random));
      if (index % serverEvery === serverEvery - 1) {
        const server = servers[Math.floor(random() * servers.length)] as (typeof servers)[number];
        write(join(folder, `server-${index}.${server.name.split('.').pop()}`), server.text);
        stats.serverFiles++;
      } else {
        // Sizes from a long tail: most files small, some large.
        const target = Math.floor(800 + 12_000 * random() ** 3);
        write(join(folder, `${word(random)}-${index}.${typescript ? 'ts' : 'js'}`), ordinaryModule(random, target, typescript, index));
      }
      stats.sourceFiles++;
    }
    // What a real checkout also holds, and the tool must not read: dependencies,
    // build output (with SDK code in it), and ignored generated files.
    for (let extra = 0; extra < Math.ceil(count * 0.3); extra++) {
      const where = [
        join(root, 'node_modules', `dep-${extra % 7}`, `index-${extra}.js`),
        join(root, 'dist', `chunk-${extra}.js`),
        join(root, 'generated', `model-${extra}.ts`),
      ][extra % 3] as string;
      const withSdk = extra % 10 === 0 ? "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';\n" : '';
      write(where, withSdk + ordinaryModule(random, 2000, where.endsWith('.ts'), extra));
      stats.skippedFiles++;
    }
  }
  return stats;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() as string)) {
  const out = option('out');
  if (!out) {
    console.error('usage: node dist/bench/generate-monorepo.js --out DIR --files N [--servers 0.01] [--seed 1]');
    process.exit(2);
  }
  const stats = generateMonorepo({ out, files: Number(option('files') ?? 2000), servers: Number(option('servers') ?? 0.01), seed: Number(option('seed') ?? 1) });
  console.log(JSON.stringify(stats));
}
