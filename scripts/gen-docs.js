// Regenerates the documentation that is derived from code: docs/rules.md and the rules table in
// README.md (between the rules:start/rules:end markers). Run with `npm run docs` (builds first).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderRulesDoc } from '../dist/report/rules-doc.js';
import { allRules } from '../dist/rules/index.js';
import { rulesTable } from '../dist/report/rules-table.js';

writeFileSync(new URL('../docs/rules.md', import.meta.url), renderRulesDoc(allRules));
const readmeUrl = new URL('../README.md', import.meta.url);
const readme = readFileSync(readmeUrl, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i === -1 || j === -1) throw new Error('README.md lacks the rules:start/rules:end markers');
writeFileSync(readmeUrl, readme.slice(0, i + start.length) + '\n' + rulesTable(allRules) + readme.slice(j));
console.log('docs/rules.md and the README rules table are current');
