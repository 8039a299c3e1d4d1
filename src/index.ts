// The library API. Nothing here prints or exits; errors are typed and thrown.
export { audit, runRules, toResult, catalogView, sortFindings, type AuditOptions } from './audit.js';
export { loadProject, InputError } from './load.js';
export { allRules, findRule } from './rules/index.js';
export { parseRequirements } from './parse/requirements.js';
export { parsePep508 } from './parse/pep508.js';
export { normalizeName } from './catalog/names.js';
export { lookupDevTool } from './catalog/devtools.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export type * from './model.js';
