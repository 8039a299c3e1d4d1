// The library API. Nothing here prints or exits; errors are typed and thrown.
export { audit, runRules, toResult, catalogView, sortFindings, type AuditOptions } from './audit.js';
export { loadProject, InputError } from './load.js';
export { allRules, findRule } from './rules/index.js';
export type { Rule, RuleDocs, RuleContext } from './rules/types.js';

// Parsers: pure, content in, model and diagnostics out.
export { parseRequirements } from './parse/requirements.js';
export { parsePep508 } from './parse/pep508.js';
export { parsePyproject } from './parse/pyproject.js';
export { parsePipfile } from './parse/pipfile.js';
export { parseSetupCfg } from './parse/setupcfg.js';
export { parseDockerfile } from './parse/dockerfile.js';

// Catalogs.
export { normalizeName } from './catalog/names.js';
export { lookupDevTool, catalogEntries } from './catalog/devtools.js';
export { lookupMusl, muslEntries } from './catalog/musl.js';

// Emitters: each returns new file contents; writing is the caller's (see writeFileAtomic).
export { planSplit, type SplitPlan, type SplitInput } from './fix/split.js';
export { splitPyproject } from './fix/split-pyproject.js';
export { exportRequirements } from './fix/export.js';
export { fixDockerignore, missingDockerignoreEntries } from './fix/dockerignore.js';
export { generateDockerfile } from './fix/dockerfile.js';
export { writeFileAtomic, writeFilesAtomic, WriteError } from './io/write.js';

// Alpine.
export { evaluateAlpine, type AlpineReport } from './alpine/evaluate.js';
export { renderAlpineText, renderAlpineJson } from './alpine/render.js';

// Configuration and reporters: each reporter is a pure function of one AuditResult.
export { parseConfig, applyConfig, defaultConfig, type Config } from './config.js';
export { renderText } from './report/text.js';
export { renderJson } from './report/json.js';
export { renderSarif } from './report/sarif.js';
export { renderGithub } from './report/github.js';
export type * from './model.js';
