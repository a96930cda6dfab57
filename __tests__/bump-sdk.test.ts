import { describe, expect, it } from 'vitest';
import { bumpPackageJson, bumpSpec } from '../lib/bump-sdk.js';
import { bumpYamlCatalogs } from '../lib/catalogs.js';

const pkg = (body: object, indent: string | number = 2) => `${JSON.stringify(body, null, indent)}\n`;
const SDK = '@modelcontextprotocol/sdk';

describe('bumpSpec', () => {
  it.each([
    ['1.25.3', '1.26.0'],
    ['=1.25.3', '1.26.0'],
    ['v1.20.0', '1.26.0'],
    ['~1.25.0', '~1.26.0'],
    ['~1.12', '~1.26.0'],
    ['^1.20.0', '^1.26.0'],
    ['^1.0.0', '^1.26.0'],
    ['>=1.0.0', '^1.26.0'],
    ['>=1.11 <2', '^1.26.0'],
    ['1.x', '^1.26.0'],
    ['*', '^1.26.0'],
    ['<1.26.0', '^1.26.0'],
    ['^1.10.0 || ^2.0.0', '^1.26.0'],
    ['^0.9.0 || ^1.24.0', '^1.26.0'],
  ])('raises %s to %s', (spec, expected) => {
    expect(bumpSpec(spec)).toBe(expected);
  });

  it.each([
    ['^1.26.0'],
    ['^1.27.1'],
    ['>=1.26.0'],
    ['1.26.0'],
    ['2.0.0'],
    ['1.9.0'],
    ['~1.8.0'],
    ['<1.10.0'],
    ['latest'],
    ['workspace:*'],
    ['workspace:^1.20.0'],
    ['catalog:'],
    ['npm:@modelcontextprotocol/sdk@1.20.0'],
    ['git+https://github.com/modelcontextprotocol/typescript-sdk.git#v1.20.0'],
    ['github:modelcontextprotocol/typescript-sdk'],
    ['modelcontextprotocol/typescript-sdk#v1.20.0'],
    ['file:../sdk'],
    ['https://example.com/sdk-1.20.0.tgz'],
    ['not a range'],
  ])('leaves %s alone', (spec) => {
    expect(bumpSpec(spec)).toBeUndefined();
  });
});

describe('bumpPackageJson', () => {
  it('raises every dependency field and keeps everything else byte for byte', () => {
    const before = pkg({
      name: 'x',
      dependencies: { express: '^5.0.0', [SDK]: '^1.20.0' },
      devDependencies: { [SDK]: '1.25.3' },
      peerDependencies: { [SDK]: '>=1.0.0' },
      optionalDependencies: { [SDK]: '~1.24.1' },
    });
    const { source, changes } = bumpPackageJson(before);
    expect(source).toBe(
      before.replace('"^1.20.0"', '"^1.26.0"').replace('"1.25.3"', '"1.26.0"').replace('">=1.0.0"', '"^1.26.0"').replace('"~1.24.1"', '"~1.26.0"'),
    );
    expect(changes).toEqual([
      { field: 'dependencies', from: '^1.20.0', to: '^1.26.0', line: 5 },
      { field: 'devDependencies', from: '1.25.3', to: '1.26.0', line: 8 },
      { field: 'peerDependencies', from: '>=1.0.0', to: '^1.26.0', line: 11 },
      { field: 'optionalDependencies', from: '~1.24.1', to: '~1.26.0', line: 14 },
    ]);
  });

  it('raises npm overrides, flat, nested and with the "." form', () => {
    const before = pkg({ overrides: { [SDK]: '1.20.0', other: { [SDK]: '^1.15.0' }, third: { [SDK]: { '.': '1.21.0' } } } });
    const { source, changes } = bumpPackageJson(before);
    expect(source).toBe(before.replace('"1.20.0"', '"1.26.0"').replace('"^1.15.0"', '"^1.26.0"').replace('"1.21.0"', '"1.26.0"'));
    expect(changes.map((change) => change.field)).toEqual(['overrides', 'overrides other >', 'overrides third > .']);
  });

  it('raises yarn resolutions with glob and nested keys', () => {
    const before = pkg({ resolutions: { [SDK]: '1.19.0', [`**/${SDK}`]: '^1.20.0', [`foo/${SDK}`]: '~1.22.0', 'other-pkg': '1.0.0' } });
    const { source } = bumpPackageJson(before);
    expect(source).toBe(before.replace('"1.19.0"', '"1.26.0"').replace('"^1.20.0"', '"^1.26.0"').replace('"~1.22.0"', '"~1.26.0"'));
  });

  it('raises pnpm.overrides with selector keys', () => {
    const before = pkg({ pnpm: { overrides: { [`${SDK}@<1.26.0`]: '^1.20.0', [`foo>${SDK}`]: '1.25.0', unrelated: '1.0.0' } } });
    const { source, changes } = bumpPackageJson(before);
    expect(source).toBe(before.replace('"^1.20.0"', '"^1.26.0"').replace('"1.25.0"', '"1.26.0"'));
    expect(changes).toHaveLength(2);
  });

  it('leaves catalog: specs alone and returns which catalog each points to', () => {
    const before = pkg({ dependencies: { [SDK]: 'catalog:' }, devDependencies: { [SDK]: 'catalog:default' }, peerDependencies: { [SDK]: 'catalog:mcp' } });
    const { source, changes, catalogRefs } = bumpPackageJson(before);
    expect(source).toBeUndefined();
    expect(changes).toEqual([]);
    expect(catalogRefs.map(({ field, spec, catalog }) => [field, spec, catalog])).toEqual([
      ['dependencies', 'catalog:', 'default'],
      ['devDependencies', 'catalog:default', 'default'],
      ['peerDependencies', 'catalog:mcp', 'mcp'],
    ]);
  });

  it("raises the Bun catalogs it is asked for, under workspaces or at the top level, and nothing else", () => {
    const before = pkg({
      name: 'root',
      workspaces: { packages: ['packages/*'], catalog: { [SDK]: '^1.20.0', zod: '^3.0.0' }, catalogs: { mcp: { [SDK]: '~1.22.0' }, unused: { [SDK]: '1.15.0' } } },
    });
    const { source, changes, catalogsFound } = bumpPackageJson(before, { catalogs: new Set(['default', 'mcp', 'missing']) });
    expect(source).toBe(before.replace('"^1.20.0"', '"^1.26.0"').replace('"~1.22.0"', '"~1.26.0"'));
    expect(changes.map(({ field, from, to }) => [field, from, to])).toEqual([
      ['workspaces.catalog', '^1.20.0', '^1.26.0'],
      ['workspaces.catalogs.mcp', '~1.22.0', '~1.26.0'],
    ]);
    expect([...catalogsFound].sort()).toEqual(['default', 'mcp']);
    const topLevel = pkg({ catalog: { [SDK]: '^1.21.0' }, catalogs: { mcp: { [SDK]: '1.25.0' } } });
    expect(bumpPackageJson(topLevel, { catalogs: new Set(['default', 'mcp']) }).source).toBe(topLevel.replace('"^1.21.0"', '"^1.26.0"').replace('"1.25.0"', '"1.26.0"'));
    expect(bumpPackageJson(topLevel).source).toBeUndefined();
  });

  it('raises only the fields `only` accepts', () => {
    const before = pkg({ dependencies: { [SDK]: '^1.20.0' }, overrides: { [SDK]: '1.20.0' } });
    const { source, changes } = bumpPackageJson(before, { only: (field) => field !== 'overrides' });
    expect(source).toBe(before.replace('"^1.20.0"', '"^1.26.0"'));
    expect(changes.map((change) => change.field)).toEqual(['dependencies']);
  });

  it('returns undefined when nothing needs raising', () => {
    expect(bumpPackageJson(pkg({ dependencies: { [SDK]: '^1.26.0', express: '^4.0.0' } })).source).toBeUndefined();
    expect(bumpPackageJson(pkg({ name: 'no-sdk' })).source).toBeUndefined();
  });

  it.each([
    ['four spaces', pkg({ dependencies: { [SDK]: '^1.20.0' } }, 4)],
    ['tabs', pkg({ dependencies: { [SDK]: '^1.20.0' } }, '\t')],
    ['CRLF', pkg({ dependencies: { [SDK]: '^1.20.0' } }).replace(/\n/g, '\r\n')],
    ['no final newline', pkg({ dependencies: { [SDK]: '^1.20.0' } }).trimEnd()],
    ['a BOM', `\uFEFF${pkg({ dependencies: { [SDK]: '^1.20.0' } })}`],
    ['odd spacing', `{"dependencies":{ "${SDK}"  :   "^1.20.0" , "a":"1"}}`],
  ])('keeps the formatting of a file with %s', (_name, before) => {
    expect(bumpPackageJson(before).source).toBe(before.replace('"^1.20.0"', '"^1.26.0"'));
  });

  it('throws a clear error on malformed JSON', () => {
    expect(() => bumpPackageJson('{ "dependencies": { ')).toThrow(/offset/);
    expect(() => bumpPackageJson('[1, 2]')).toThrow(/not a JSON object/);
  });
});

describe('bumpYamlCatalogs', () => {
  const workspace = [
    'packages:',
    '  - packages/*   # every package',
    '',
    '# Versions shared by every package.',
    'catalog:',
    '  zod: ^3.25.0',
    `  '${SDK}': ^1.20.0 # keep in step with the servers`,
    '',
    'catalogs:',
    '  mcp:',
    `    "${SDK}": "~1.22.0"`,
    `  flow: { "${SDK}": 1.15.0, other: 1 }`,
    '  safe:',
    `    "${SDK}": ^1.27.0`,
    '',
  ].join('\n');

  it('raises the named catalogs in place: comments, quotes, flow style and blank lines stay byte for byte', () => {
    const { source, changes, found } = bumpYamlCatalogs(workspace, new Set(['default', 'mcp', 'flow', 'safe', 'missing']));
    expect(source).toBe(workspace.replace(': ^1.20.0 #', ': ^1.26.0 #').replace('"~1.22.0"', '"~1.26.0"').replace(': 1.15.0,', ': 1.26.0,'));
    expect(changes).toEqual([
      { field: 'catalog', from: '^1.20.0', to: '^1.26.0', line: 7 },
      { field: 'catalogs.mcp', from: '~1.22.0', to: '~1.26.0', line: 11 },
      { field: 'catalogs.flow', from: '1.15.0', to: '1.26.0', line: 12 },
    ]);
    expect([...found].sort()).toEqual(['default', 'flow', 'mcp', 'safe']);
  });

  it('leaves catalogs nobody points to, keeps CRLF, and raises only what `only` accepts', () => {
    const crlf = workspace.replace(/\n/g, '\r\n');
    const { source } = bumpYamlCatalogs(crlf, new Set(['mcp', 'default']), (field) => field !== 'catalog');
    expect(source).toBe(crlf.replace('"~1.22.0"', '"~1.26.0"'));
    expect(bumpYamlCatalogs(workspace, new Set(['safe'])).source).toBeUndefined();
  });

  it('a single-quoted entry stays single-quoted; catalogs.default counts as the default catalog', () => {
    const text = `catalogs:\n  default:\n    '${SDK}': '1.24.0'\n`;
    expect(bumpYamlCatalogs(text, new Set(['default'])).source).toBe(text.replace("'1.24.0'", "'1.26.0'"));
  });

  it('where the library would re-render more than the value (a folded block scalar), only the version bytes change', () => {
    const text = `catalog:\n  "${SDK}": >-\n    ^1.20.0\n  zod: ^3.0.0\n`;
    expect(bumpYamlCatalogs(text, new Set(['default'])).source).toBe(text.replace('^1.20.0', '^1.26.0'));
  });

  it('throws on YAML it cannot read', () => {
    expect(() => bumpYamlCatalogs('catalog:\n  a: [unclosed\n', new Set(['default']))).toThrow();
  });
});
