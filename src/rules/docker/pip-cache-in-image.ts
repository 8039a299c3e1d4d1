import { defineRule } from '../types.js';
import { stepsWithRole } from '../../parse/dockerfile.js';
import { runLeftovers } from './cleanup-in-separate-layer.js';

export default defineRule({
  code: 'SR308',
  name: 'pip-cache-in-image',
  severity: 'warning',
  docs: {
    what:
      "Flags `pip install` (also `pip3`, `python -m pip`) without `--no-cache-dir`, and `uv pip install` / `uv pip sync` / `uv sync` without `--no-cache`, in a stage whose layers ship: the final stage, the stages it is built on, and stages copied wholesale with `COPY --from=<stage> /`. It stays quiet when `PIP_NO_CACHE_DIR` (`UV_NO_CACHE`) is set by ENV or ARG in the stage or its base stages, when a `--mount=type=cache` or tmpfs mount covers the cache (/root/.cache/pip, /root/.cache/uv, /root/.cache, or the configured cache dir), or when the same RUN purges the cache. It also stays quiet for `pip install --no-index` with only local `--find-links` (a wheelhouse): pip downloads nothing, so its HTTP cache stays empty; an sdist archive on the command line keeps the finding, because pip keeps the wheel it builds from it in its wheel cache. Options are read as pip's own parser reads them: `--no-cache` (any unique prefix of `--no-cache-dir`) counts, and `export PIP_NO_CACHE_DIR=…` earlier in the RUN too. Builder stages whose files are copied selectively are not checked: their cache never reaches the image. Where it differs from hadolint's DL3042 (which agrees on 71 of hadolint's 83 test cases for the five shared rules; all 12 differences are here): `PIP_NO_CACHE_DIR=0`, `off`, `no` or `false` (ENV, a `NAME=value` prefix or `export`) keeps this rule quiet, because pip disables its cache for any value its strtobool accepts, falsy ones included (`_handle_no_cache_dir` in pip's cmdoptions); hadolint reports them. DL3042 also flags every stage; this rule is about image size.",
    why:
      "pip keeps every downloaded wheel and source archive in its HTTP cache under ~/.cache/pip; uv keeps its cache under ~/.cache/uv. In an image nothing reuses that cache, and it often weighs as much as the installed packages themselves.",
    bad: 'RUN pip install -r requirements.txt',
    good: 'RUN pip install --no-cache-dir -r requirements.txt\n# or: RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    fix: 'Use `pip install --no-cache-dir` (`uv … --no-cache`), set `ENV PIP_NO_CACHE_DIR=1` (`UV_NO_CACHE=1`), or mount the cache with `RUN --mount=type=cache,target=/root/.cache/pip`.',
    references: [
      'https://pip.pypa.io/en/stable/topics/caching/',
      'https://pip.pypa.io/en/stable/user_guide/#installing-from-local-packages',
      'https://docs.astral.sh/uv/guides/integration/docker/#caching',
      'https://github.com/hadolint/hadolint/wiki/DL3042',
    ],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      for (const { stage, instruction } of stepsWithRole(df, ['layers'])) {
        const { created, cleaned } = runLeftovers(df, stage, instruction);
        const cleanedKinds = new Set(cleaned.map((e) => e.kind));
        for (const event of created) {
          if (event.kind !== 'pip-cache' && event.kind !== 'uv-cache') continue;
          if (cleanedKinds.has(event.kind)) continue;
          const c = event.command;
          const t = c.tool!;
          const message =
            event.kind === 'pip-cache'
              ? `\`pip install\` keeps downloaded packages in pip's cache in this layer; use \`pip install --no-cache-dir\`, \`ENV PIP_NO_CACHE_DIR=1\`, or \`RUN --mount=type=cache,target=/root/.cache/pip\``
              : `\`uv ${t.tool === 'uv-pip' ? 'pip ' : ''}${t.subcommand ?? ''}\` keeps its cache in this layer; add \`--no-cache\`, set \`ENV UV_NO_CACHE=1\`, or use \`RUN --mount=type=cache,target=/root/.cache/uv\``;
          report({ file: df.path, line: c.line, column: c.column, message });
        }
      }
    }
  },
});
