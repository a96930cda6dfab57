export { RULES, RULE_TITLES, MARKER_PREFIX, IGNORE_DIRECTIVE, type Finding, type RuleId } from '../../lib/findings.js';
