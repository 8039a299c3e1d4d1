import { defineRule } from '../types.js';
import { layerSteps, splitImage, stageChain, type DockerStage } from '../../parse/dockerfile.js';

const SLIM_MARKERS = /^(slim|alpine|windowsservercore|nanoserver)/;
const DEBIAN_RELEASES = new Set(['trixie', 'bookworm', 'bullseye', 'buster', 'stretch', 'jessie', 'sid']);
const PYTHON_VERSION = /^\d+(\.\d+){0,2}((a|b|rc)\d+)?$/;

/**
 * The slim tag for a full python image tag, or null when the tag is already small, unknown, or
 * not a plain version/release tag. `3.12` -> `3.12-slim`, `3.12-bookworm` -> `3.12-slim-bookworm`,
 * no tag or `latest` -> `slim`.
 */
export function slimPythonTag(tag: string | null): string | null {
  if (tag === null || tag === 'latest') return 'slim';
  const parts = tag.split('-');
  if (parts.some((p) => SLIM_MARKERS.test(p))) return null;
  const version = parts.find((p) => PYTHON_VERSION.test(p)) ?? null;
  const release = parts.find((p) => DEBIAN_RELEASES.has(p)) ?? null;
  if (parts.length !== (version ? 1 : 0) + (release ? 1 : 0)) return null;
  return [version, 'slim', release].filter((p) => p !== null).join('-');
}

function installsPython(steps: ReturnType<typeof layerSteps>): boolean {
  return steps.some(({ instruction }) =>
    (instruction.run?.commands ?? []).some((c) => {
      const t = c.tool;
      if (!t || !['apt-get', 'apt', 'apk', 'yum', 'dnf', 'microdnf'].includes(t.tool)) return false;
      if (t.subcommand !== 'install' && t.subcommand !== 'add') return false;
      return t.operands.some((p) => /^python3?(\.\d+)?([=:].*)?$/.test(p) || /^python3?(\.\d+)?-(minimal|venv|pip)$/.test(p));
    }),
  );
}

export default defineRule({
  code: 'SR301',
  name: 'full-base-image',
  severity: 'warning',
  docs: {
    what:
      'Flags a final image built on a full Python image (`python:3.12`, `python:3.12-bookworm`, `python:latest`, `python`) or on full `debian` while installing Python. Builder stages, `-slim`, `-alpine`, distroless and non-Python images are left alone.',
    why:
      'The full `python` image is built on `buildpack-deps`: it carries compilers, headers, version-control tools and hundreds of Debian packages the application never uses at run time. Every one of them ships in the image, is pulled on every deploy and shows up in vulnerability scans. The `-slim` variant has the same Python and the same Debian release without the build toolchain.',
    bad: 'FROM python:3.12\nCOPY . /app\nCMD ["python", "/app/main.py"]',
    good:
      'FROM python:3.12 AS builder\nCOPY requirements.txt .\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt\n\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\nCOPY . /app\nCMD ["python", "/app/main.py"]',
    fix: 'Use the `-slim` tag of the same version for the final stage; compile anything that needs gcc in a builder stage.',
    references: [
      'https://hub.docker.com/_/python',
      'https://github.com/docker-library/python/blob/master/3.12/slim-bookworm/Dockerfile',
      'https://docs.docker.com/build/building/best-practices/#from',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      if (df.finalStage < 0) continue;
      const final = df.stages[df.finalStage];
      const chain = stageChain(df, final);
      const root: DockerStage = chain[0];
      if (root.unresolved || root.baseStage !== null) continue;
      const { registry, name, tag, digest } = splitImage(root.resolvedImage);
      if (registry !== null && registry !== 'docker.io' && registry !== 'index.docker.io') continue;
      if (digest !== null && tag === null) continue;
      // Keep what the FROM line says besides the image: `--platform=…` and the `AS name` that later stages use.
      const platform = root.from.flags.filter((f) => f.name === 'platform').map((f) => `--platform=${f.value ?? ''} `).join('');
      const alias = /\s+as\s+(\S+)\s*$/i.exec(root.from.args)?.[1];
      const fromLine = (image: string): string => `FROM ${platform}${image}${alias ? ` AS ${alias}` : ''}`;
      const shown = root.image === root.resolvedImage ? `\`${root.image}\`` : `\`${root.image}\` (\`${root.resolvedImage}\`)`;
      if (name === 'python') {
        const slim = slimPythonTag(tag);
        if (slim === null) continue;
        report({
          file: df.path,
          line: root.line,
          column: root.column,
          message: `The final image is built on the full ${shown} image, which ships compilers, headers and build tools; use \`python:${slim}\` and compile in a builder stage if needed`,
          fix: fromLine(`python:${slim}`),
        });
      } else if (name === 'debian') {
        if (tag !== null && tag.includes('slim')) continue;
        if (!installsPython(layerSteps(df, final))) continue;
        const slim = tag === null || tag === 'latest' ? 'stable-slim' : `${tag}-slim`;
        report({
          file: df.path,
          line: root.line,
          column: root.column,
          message: `The final image installs Python on the full ${shown} image; use \`debian:${slim}\`, or \`python:<version>-slim\`, which is already slim`,
          fix: fromLine(`debian:${slim}`),
        });
      }
    }
  },
});
