/*
 * Where an import leads, the way the project's own TypeScript sees it: the nearest
 * tsconfig (with `extends`, `paths`, `baseUrl`), `.js` specifiers naming `.ts`
 * files, folders with an index. ts-morph reads the tsconfig; TypeScript's resolver
 * answers. Packages in node_modules are not followed: they are not the user's code.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';

type CompilerOptions = import('ts-morph').CompilerOptions;
/** Loads ts-morph (and TypeScript under it) on first use: a third of a second, paid only when a tsconfig can alias. */
export type LoadTypeScript = () => typeof import('ts-morph');

export class ModuleResolver {
  /**
   * Without `loadTypeScript`, tsconfig `paths` and `baseUrl` are not followed (relative
   * imports, import maps and `@/` aliases still are): the per-file transform runs
   * inside tools that cannot load it.
   */
  constructor(private readonly loadTypeScript?: LoadTypeScript) {}

  private readonly optionsByConfig = new Map<string, CompilerOptions>();
  private readonly configByDir = new Map<string, string | null>();
  private readonly cache = new Map<string, string | null>();

  /** Whether the file's tsconfig could map a bare specifier to the project's own files (`paths`, `baseUrl`, `rootDirs`). */
  private mayAlias(file: string): boolean {
    if (!this.loadTypeScript) return false;
    const config = this.configFor(file);
    if (!config) return false;
    let aliases = this.aliasesByConfig.get(config);
    if (aliases === undefined) {
      // The text first: most tsconfigs map nothing, and reading one properly loads TypeScript.
      let raw = '';
      try {
        raw = readFileSync(config, 'utf8');
      } catch {
        raw = '';
      }
      const options = /"(?:paths|baseUrl|rootDirs|extends)"/.test(raw) ? this.optionsFor(file) : {};
      aliases = Boolean(options.paths || options.baseUrl || options.rootDirs);
      this.aliasesByConfig.set(config, aliases);
    }
    return aliases;
  }

  private readonly aliasesByConfig = new Map<string, boolean>();

  /** The tsconfig.json that governs a file: the nearest one above it. */
  configFor(file: string): string | undefined {
    const found = this.configIn(dirname(file));
    return found ?? undefined;
  }

  private configIn(dir: string): string | null {
    const known = this.configByDir.get(dir);
    if (known !== undefined) return known;
    const candidate = join(dir, 'tsconfig.json');
    const parent = dirname(dir);
    const found = existsSync(candidate) ? candidate : parent === dir || existsSync(join(dir, '.git')) ? null : this.configIn(parent);
    this.configByDir.set(dir, found);
    return found;
  }

  optionsFor(file: string): CompilerOptions {
    const config = this.configFor(file) ?? '';
    let options = this.optionsByConfig.get(config);
    if (!options) {
      options = {};
      if (config) {
        try {
          options = new ((this.loadTypeScript as LoadTypeScript)().Project)({ tsConfigFilePath: config, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true }).getCompilerOptions();
        } catch {
          // An unreadable tsconfig: resolve as TypeScript would without one.
        }
      }
      // JavaScript modules are part of the graph whatever the project compiles.
      options = { ...options, allowJs: true, noEmit: true };
      this.optionsByConfig.set(config, options);
    }
    return options;
  }

  /** The absolute path of the user's module a specifier names, or undefined (a package, or not found). */
  resolve(specifier: string, fromFile: string): string | undefined {
    const key = `${dirname(fromFile)}\0${specifier}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known ?? undefined;
    let found: string | undefined;
    // A relative specifier resolves the same under every configuration (extension
    // swaps, folder index): answered without loading TypeScript. Bare specifiers may
    // be tsconfig `paths`: TypeScript answers those, with the project's options.
    if (specifier.startsWith('./') || specifier.startsWith('../')) {
      found = relativeModule(dirname(fromFile), specifier);
      this.cache.set(key, found ?? null);
      return found;
    }
    if (this.mayAlias(fromFile)) {
      try {
        const { ts } = (this.loadTypeScript as LoadTypeScript)();
        const resolved = ts.resolveModuleName(specifier, fromFile, this.optionsFor(fromFile), ts.sys).resolvedModule;
        if (resolved && !resolved.isExternalLibraryImport && !resolved.resolvedFileName.endsWith('.d.ts')) found = resolvePath(resolved.resolvedFileName);
      } catch {
        found = undefined;
      }
    }
    found ??= this.importMapTarget(specifier, fromFile) ?? this.frameworkAlias(specifier, fromFile) ?? this.sourceRootPath(specifier, fromFile);
    this.cache.set(key, found ?? null);
    return found;
  }

  /** Deno's import map (`"imports": { "$/": "./src/" }` in deno.json): prefixes mapped to folders. */
  private importMapTarget(specifier: string, fromFile: string): string | undefined {
    const map = this.importMapFor(dirname(fromFile));
    if (!map) return undefined;
    let best: [string, string] | undefined;
    for (const [prefix, target] of map.entries) {
      const matches = prefix.endsWith('/') ? specifier.startsWith(prefix) : specifier === prefix;
      if (matches && (!best || prefix.length > best[0].length) && target.startsWith('.')) best = [prefix, target];
    }
    if (!best) return undefined;
    const mapped = best[0].endsWith('/') ? best[1] + specifier.slice(best[0].length) : best[1];
    return relativeModule(map.dir, mapped.startsWith('.') ? mapped : `./${mapped}`);
  }

  private readonly importMaps = new Map<string, { dir: string; entries: Array<[string, string]> } | null>();

  private importMapFor(dir: string): { dir: string; entries: Array<[string, string]> } | undefined {
    const known = this.importMaps.get(dir);
    if (known !== undefined) return known ?? undefined;
    let found: { dir: string; entries: Array<[string, string]> } | null = null;
    for (const name of ['deno.json', 'deno.jsonc', 'import_map.json']) {
      const candidate = join(dir, name);
      if (!existsSync(candidate)) continue;
      try {
        const json = JSON.parse(readFileSync(candidate, 'utf8').replace(/^\s*\/\/.*$/gm, '')) as { imports?: Record<string, unknown> };
        const entries = Object.entries(json.imports ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
        if (entries.length > 0) found = { dir, entries };
      } catch {
        // not a map we can read
      }
      break;
    }
    const parent = dirname(dir);
    if (!found && parent !== dir && !existsSync(join(dir, 'package.json')) && !existsSync(join(dir, '.git'))) found = this.importMapFor(parent) ?? null;
    this.importMaps.set(dir, found);
    return found ?? undefined;
  }

  /**
   * Frameworks alias `@/` and `~/` to the project's source folder without a tsconfig
   * `paths` entry (Next.js, Nuxt, Vite templates). Followed only when exactly one of
   * the usual folders holds the module.
   */
  private frameworkAlias(specifier: string, fromFile: string): string | undefined {
    const match = /^[@~]\/(.+)$/.exec(specifier);
    if (!match) return undefined;
    const found = new Set<string>();
    // The package's folder; in a folder of loose files with no package.json, each folder above.
    const root = packageRoot(dirname(fromFile));
    for (const dir of root ? [root] : ancestors(dirname(fromFile))) {
      for (const base of ['', 'src', 'app']) {
        const candidate = relativeModule(join(dir, base), `./${match[1]}`);
        if (candidate) found.add(candidate);
      }
    }
    return found.size === 1 ? [...found][0] : undefined;
  }

  /**
   * `src/server/config`: a path from the project's root, as a tsconfig `baseUrl` of `.`
   * makes it. Without a tsconfig to say so (sources copied without their configuration),
   * followed only when the specifier starts with a source folder and exactly one folder
   * above the importer holds it.
   */
  private sourceRootPath(specifier: string, fromFile: string): string | undefined {
    if (!/^(src|app|lib)\//.test(specifier) || this.configFor(fromFile)) return undefined;
    const found = new Set<string>();
    for (const dir of ancestors(dirname(fromFile))) {
      const candidate = relativeModule(dir, `./${specifier}`);
      if (candidate) found.add(candidate);
    }
    return found.size === 1 ? [...found][0] : undefined;
  }
}

/** The folders from `dir` up to the repository's root (or the file system's). */
function ancestors(dir: string): string[] {
  const list: string[] = [];
  for (let current = dir; ; ) {
    list.push(current);
    const parent = dirname(current);
    if (parent === current || existsSync(join(current, '.git'))) return list;
    current = parent;
  }
}

function packageRoot(dir: string): string | undefined {
  for (let current = dir; ; ) {
    if (existsSync(join(current, 'package.json'))) return current;
    const parent = dirname(current);
    if (parent === current || existsSync(join(current, '.git'))) return undefined;
    current = parent;
  }
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** `./x.js` may name `./x.ts`; `./x` may name `./x.ts` or `./x/index.ts`: the way TypeScript and bundlers look. */
function relativeModule(dir: string, specifier: string): string | undefined {
  const base = resolvePath(dir, specifier);
  const withoutJs = base.replace(/\.(m|c)?jsx?$/, '');
  const candidates = [...EXTENSIONS.map((ext) => withoutJs + ext), base, ...EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}
