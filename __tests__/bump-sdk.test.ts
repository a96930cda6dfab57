import { describe, expect, it } from 'vitest';
import { bumpPackageJson, bumpSpec } from '../lib/bump-sdk.js';

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
      { field: 'dependencies', from: '^1.20.0', to: '^1.26.0' },
      { field: 'devDependencies', from: '1.25.3', to: '1.26.0' },
      { field: 'peerDependencies', from: '>=1.0.0', to: '^1.26.0' },
      { field: 'optionalDependencies', from: '~1.24.1', to: '~1.26.0' },
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

  it('reports catalog: specs instead of changing them', () => {
    const before = pkg({ dependencies: { [SDK]: 'catalog:' } });
    const { source, notes } = bumpPackageJson(before);
    expect(source).toBeUndefined();
    expect(notes).toEqual([{ field: 'dependencies', spec: 'catalog:', reason: expect.stringContaining('pnpm-workspace.yaml') }]);
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
