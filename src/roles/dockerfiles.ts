// The roles stage for Dockerfiles: which build production images and which build development ones,
// each decision with its evidence. Strongest first: configuration, then what builds the image
// (compose services, workflows that push, deploy configs, Makefiles and scripts), then the path's
// words, then the content (test browsers).
import type { DockerfileRole, Evidence, RoleDecision } from '../model.js';
import type { DockerfileModel } from '../parse/dockerfile.js';
import type { DockerfileReference } from '../resolve/references.js';
import type { RoleConfig } from './config.js';
import { configuredRole } from './config.js';
import { devDockerfileWord } from './names.js';

/** Words that mark a compose service, compose file, Makefile target or script as development. */
const DEV_LABEL_WORDS = new Set([
  'dev', 'devel', 'develop', 'development', 'devcontainer', 'local', 'test', 'tests', 'testing', 'ci', 'docs', 'doc',
  'lint', 'debug', 'e2e', 'shell', 'integration', 'selenium', 'playwright', 'cypress', 'mock', 'mocks', 'sandbox', 'override',
]);

/** Folder words (any word of any folder) that mark a Dockerfile as a development, CI, test or builder image. */
const DEV_FOLDER_WORDS = new Set([
  'test', 'tests', 'testing', 'ci', 'dev', 'devcontainer', 'docs', 'doc', 'e2e', 'builder', 'builders', 'examples', 'example',
  'benchmark', 'benchmarks', 'integration', 'fixtures', 'sandbox',
]);
const DEV_DOT_FOLDERS = new Set(['.github', '.gitlab', '.circleci', '.buildkite', '.ci', '.devcontainer', '.azure-pipelines']);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** The development word in a compose service, file name or script target, or null. */
export function devLabelWord(label: string): string | null {
  return words(label).find((w) => DEV_LABEL_WORDS.has(w)) ?? null;
}

/** A folder word or dot-folder that marks a Dockerfile as not shipping, or null. */
export function devFolderWord(path: string): string | null {
  const dirs = path.split('/').slice(0, -1);
  for (const dir of dirs) {
    if (DEV_DOT_FOLDERS.has(dir.toLowerCase())) return dir;
    const w = words(dir).find((x) => DEV_FOLDER_WORDS.has(x));
    if (w) return dir;
  }
  return null;
}

/** Test browsers and their drivers: an image with them runs tests, it does not serve users. */
const TEST_BROWSER = /\b(playwright\s+install|chromium-driver|chromedriver|geckodriver|google-chrome-stable|firefox-esr|xvfb)\b/i;

const TEST_RUNNER = /\b(pytest|tox|nox|playwright\s+test|npm\s+(run\s+)?test|behave|robot)\b/;

function contentEvidence(df: DockerfileModel): Evidence | null {
  const runsTests = df.stages.flatMap((s) => s.instructions).map((i) => TEST_RUNNER.exec(i.args)).find((m) => m !== null) ?? null;
  for (const stage of df.stages) {
    for (const ins of stage.instructions) {
      if (ins.keyword !== 'RUN') continue;
      const m = TEST_BROWSER.exec(ins.args);
      // Browser automation products ship browsers too: only browsers next to a test runner mean tests.
      if (m && runsTests) return { file: df.path, line: ins.line, reason: `installs test browsers (${m[1]}) and runs tests (${runsTests[0].trim()})` };
    }
  }
  return null;
}

function referenceEvidence(r: DockerfileReference): Evidence {
  const what =
    r.kind === 'compose'
      ? `compose service "${r.label}" builds it`
      : r.kind === 'deploy'
        ? `${r.label} deploys it`
        : r.kind === 'workflow'
          ? `a CI workflow builds${r.ships ? ' and pushes' : ''} it`
          : `"${r.label}" runs docker build on it`;
  return { file: r.file, line: r.line, reason: `${what}${r.target ? ` (target ${r.target})` : ''}${r.context ? ` with context ${r.context}/` : ' with the repository root as context'}` };
}

/** Whether a reference marks its image as development: a dev-named service, compose file, target or script. */
function referenceDevWord(r: DockerfileReference): string | null {
  if (r.kind === 'deploy' || r.ships) return null;
  const fileBase = r.file.slice(r.file.lastIndexOf('/') + 1).replace(/\.(ya?ml|sh|bash|mk)$/i, '');
  // A CI or test compose file often builds the production image to test it: only the service, the
  // target, or a compose file named for development (dev, local, override) mark the image as development.
  if (r.kind === 'compose') {
    const fileWord = words(fileBase.replace(/^(docker-)?compose/i, '')).find((w) => ['dev', 'devel', 'develop', 'development', 'local', 'override', 'devcontainer', 'debug'].includes(w)) ?? null;
    // A compose file that belongs to a dev container (.devcontainer/docker-compose.yml) starts a
    // development environment, whatever its services are called.
    const devcontainer = r.file.split('/').slice(0, -1).some((d) => d.toLowerCase() === '.devcontainer') ? '.devcontainer' : null;
    return devLabelWord(r.label) ?? (r.target ? devLabelWord(r.target) : null) ?? fileWord ?? devcontainer;
  }
  // tox and nox build images to run test sessions in them.
  if (r.kind === 'script') return devLabelWord(r.label) ?? devLabelWord(fileBase) ?? (/^(tox\.ini|noxfile\.py)$/i.test(fileBase) ? fileBase : null);
  return null;
}

/**
 * Decides each Dockerfile's role. Returns the decisions by path; the caller keeps production and
 * unknown images in `dockerfiles` (checked by the image-size rules) and development ones apart.
 */
export function decideDockerfileRoles(dockerfiles: DockerfileModel[], references: DockerfileReference[], config: RoleConfig): Map<string, DockerfileRole> {
  const out = new Map<string, DockerfileRole>();
  for (const df of dockerfiles) {
    const refs = references.filter((r) => r.dockerfile === df.path);
    const configured = configuredRole(config, df.path);
    let decision: RoleDecision;
    const prodRefs = refs.filter((r) => referenceDevWord(r) === null && (r.kind !== 'workflow' || r.ships));
    const devRefs = refs.filter((r) => referenceDevWord(r) !== null);
    if (configured) {
      decision = configured;
    } else if (prodRefs.length > 0) {
      decision = { role: 'production', basis: 'image', evidence: prodRefs.map(referenceEvidence) };
    } else if (devRefs.length > 0) {
      decision = {
        role: 'development',
        basis: 'image',
        evidence: devRefs.map((r) => ({ ...referenceEvidence(r), reason: `${referenceEvidence(r).reason}; "${referenceDevWord(r)}" says development` })),
      };
    } else {
      const nameWord = devDockerfileWord(df.path);
      const folder = nameWord ? null : devFolderWord(df.path);
      const content = nameWord || folder ? null : contentEvidence(df);
      if (nameWord) decision = { role: 'development', basis: 'name', evidence: [{ file: df.path, line: 0, reason: `its path says "${nameWord}"` }] };
      else if (folder) decision = { role: 'development', basis: 'name', evidence: [{ file: df.path, line: 0, reason: `it sits in ${folder}/, a development, CI, test or builder folder` }] };
      else if (content) decision = { role: 'development', basis: 'content', evidence: [content] };
      else {
        const built = refs.map(referenceEvidence);
        decision = {
          role: 'production',
          basis: 'default',
          evidence: [
            ...built,
            { file: df.path, line: 0, reason: 'nothing marks it as a development, CI or test image; checked as a production image' },
          ],
        };
      }
    }
    // The build context and target a reference states replace the guessed ones (production references first).
    const stated = [...prodRefs, ...refs];
    const context = stated.find((r) => r.context !== undefined)?.context;
    const targets = [...new Set(prodRefs.map((r) => r.target))];
    const role: DockerfileRole = { path: df.path, decision };
    if (context !== undefined && refs.length > 0) role.context = context;
    if (targets.length === 1 && targets[0] !== null) role.target = targets[0];
    out.set(df.path, role);
  }
  return out;
}
