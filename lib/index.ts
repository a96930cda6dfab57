/* The programmatic API: what the CLI does, without a process. */
export { type FileResult, type Mode, type PackageResult, type RunOptions, type RunResult, exitCodeOf, run } from './run.js';
export { type SourceOutcome, processSource } from './process-source.js';
export { bumpPackageJson } from './bump-sdk.js';
export { formatSummary } from './summary.js';
export { type Finding, RULES, RULE_TITLES } from './findings.js';
export { type FileOutcome, type IsolateInput, isolate } from './engine.js';
export { isolateFileText } from './isolate-file.js';
