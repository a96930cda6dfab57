// The workflow's project step as one file that plain `node` runs: the whole engine,
// with the modules it loads lazily inlined (codemod's own bundler splits them into
// chunks it does not write) and ESM builds of dependencies preferred to UMD ones
// (jsonc-parser's UMD build requires its parts by computed paths).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'codemod/src/isolate.ts',
  platform: 'node',
  resolve: { mainFields: ['module', 'main'] },
  output: {
    file: 'codemod/dist/isolate.js',
    format: 'esm',
    codeSplitting: false,
    // CommonJS dependencies (write-file-atomic names its temporary files after __filename) run inside an ES module here.
    banner: [
      "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
      'const __filename = __bundleFileURLToPath(import.meta.url);',
      "const __dirname = __bundleFileURLToPath(new URL('.', import.meta.url));",
    ].join('\n'),
  },
});
