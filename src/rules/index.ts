// The explicit rule registry: every rule slimreq runs, in code order.
import type { Rule } from './types.js';
import unreadableManifest from './manifest/unreadable-manifest.js';
import manifestParseError from './manifest/manifest-parse-error.js';
import includeCycle from './manifest/include-cycle.js';
import includeNotFound from './manifest/include-not-found.js';
import includeOutsideRepo from './manifest/include-outside-repo.js';
import unusedIgnore from './manifest/unused-ignore.js';
import devToolInProduction from './manifest/dev-tool-in-production.js';
import devRequirementsIncludedInProduction from './manifest/dev-requirements-included-in-production.js';
import lockOutOfDate from './manifest/lock-out-of-date.js';
import templateNotAudited from './manifest/template-not-audited.js';
import { alpineRules } from './alpine/index.js';
import { dockerRules } from './docker/index.js';

export const manifestRules: Rule[] = [
  unreadableManifest,
  manifestParseError,
  includeCycle,
  includeNotFound,
  includeOutsideRepo,
  unusedIgnore,
  devToolInProduction,
  devRequirementsIncludedInProduction,
  lockOutOfDate,
  templateNotAudited,
];

export const allRules: Rule[] = [...manifestRules, ...alpineRules, ...dockerRules].sort((a, b) => (a.code < b.code ? -1 : 1));

export function findRule(nameOrCode: string): Rule | undefined {
  const q = nameOrCode.trim();
  return allRules.find((r) => r.name === q || r.code.toLowerCase() === q.toLowerCase());
}
