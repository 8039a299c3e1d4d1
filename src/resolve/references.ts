// The resolve stage, part three: what builds each Dockerfile. Compose files (`build:` context,
// dockerfile, target), CI workflows (`docker build -f … --target …`, docker/build-push-action
// `file`/`context`/`target`/`push`), Makefiles and scripts that run `docker build`, and deploy
// configurations (fly.toml, render.yaml). Each reference keeps its file:line, so the roles stage can
// say why a Dockerfile is a production image, and the real build context replaces the guessed one.
import { posix } from 'node:path';

export type ReferenceKind = 'compose' | 'workflow' | 'script' | 'deploy';

export interface DockerfileReference {
  /** Repo path of the Dockerfile built. */
  dockerfile: string;
  /** Build context, repo-relative ('' for the root). */
  context: string;
  target: string | null;
  kind: ReferenceKind;
  /** Where the reference is. */
  file: string;
  line: number;
  /** Compose service, workflow step, Makefile target or script name, for messages and roles. */
  label: string;
  /** Whether the reference pushes or deploys the image (a registry push, a deploy config). */
  ships: boolean;
}

/** Files that may build Dockerfiles, by path; the caller reads those that exist. */
export function isReferenceFile(path: string): ReferenceKind | null {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (/^(docker-)?compose[\w.-]*\.ya?ml$/.test(base) || /^(local|production|prod|staging|dev|test)\.ya?ml$/.test(base)) return 'compose';
  if (/^\.github\/workflows\/[^/]+\.ya?ml$/i.test(path) || base === '.gitlab-ci.yml') return 'workflow';
  if (base === 'fly.toml' || base === 'render.yaml' || base === 'render.yml') return 'deploy';
  if (base === 'tox.ini' || base === 'noxfile.py' || base === 'makefile' || base === 'justfile' || base.endsWith('.mk') || /\.(sh|bash)$/.test(base) || /(^|\/)(bin|scripts?)\/[^/.]+$/.test(path)) return 'script';
  return null;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Repo-relative path of `rel` written in a file in `base`; null when it leaves the repo or uses variables. */
function join(base: string, rel: string): string | null {
  if (/[$`{}]/.test(rel) || rel.startsWith('/')) return null;
  const p = posix.normalize(base === '' ? rel : `${base}/${rel}`).replace(/\/+$/, '');
  if (p === '..' || p.startsWith('../')) return null;
  return p === '.' ? '' : p;
}

function unquote(value: string): string {
  const v = value.trim().replace(/\s+#.*$/, '');
  const m = /^(["'])(.*)\1$/.exec(v);
  return m ? m[2] : v;
}

/** Finds the Dockerfile path among the known ones; null when the reference names none of them. */
type Known = ReadonlySet<string>;

/**
 * Every reference to a known Dockerfile in one file. `content` is the file's text; `dockerfiles` the
 * repo paths of the Dockerfiles discovered.
 */
export function findReferences(path: string, content: string, dockerfiles: Known): DockerfileReference[] {
  const kind = isReferenceFile(path);
  if (kind === 'compose') return composeReferences(path, content, dockerfiles);
  if (kind === 'deploy') return deployReferences(path, content, dockerfiles);
  if (kind === 'workflow') {
    const expanded = expandWorkflowEnv(content);
    return [...buildActionReferences(path, expanded, dockerfiles), ...dockerBuildReferences(path, expanded, dockerfiles, 'workflow')];
  }
  if (kind === 'script') return dockerBuildReferences(path, content, dockerfiles, 'script');
  return [];
}

/** Replaces `${{ env.NAME }}` with the value the workflow's `env:` blocks give NAME, when there is one. */
function expandWorkflowEnv(content: string): string {
  const values = new Map<string, string>();
  for (const m of content.matchAll(/^\s+([A-Z_][A-Z0-9_]*)\s*:\s*(\S[^#\n]*?)\s*$/gm)) {
    if (!values.has(m[1]) && !m[2].includes('${{')) values.set(m[1], unquote(m[2]));
  }
  return content.replace(/\$\{\{\s*env\.([A-Z_][A-Z0-9_]*)\s*\}\}/g, (all, name: string) => values.get(name) ?? all);
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

function composeReferences(path: string, content: string, dockerfiles: Known): DockerfileReference[] {
  const lines = content.split(/\r?\n/);
  const out: DockerfileReference[] = [];
  const base = dirOf(path);
  let inServices = false;
  let serviceIndent = -1;
  let service = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    const indent = indentOf(line);
    if (indent === 0) {
      inServices = /^services\s*:/.test(line);
      serviceIndent = -1;
      continue;
    }
    if (!inServices) continue;
    if (serviceIndent === -1) serviceIndent = indent;
    if (indent === serviceIndent) {
      service = /^\s*["']?([\w.-]+)["']?\s*:/.exec(line)?.[1] ?? '';
      continue;
    }
    const build = /^(\s*)build\s*:\s*(.*)$/.exec(line);
    if (!build || indent <= serviceIndent) continue;
    let context = '.';
    let dockerfile = 'Dockerfile';
    let target: string | null = null;
    const inline = unquote(build[2]);
    if (inline !== '' && !inline.startsWith('{')) context = inline;
    else if (inline.startsWith('{')) {
      context = /context\s*:\s*([^,}]+)/.exec(inline)?.[1]?.trim() ?? '.';
      dockerfile = /dockerfile\s*:\s*([^,}]+)/.exec(inline)?.[1]?.trim() ?? dockerfile;
      target = /target\s*:\s*([^,}]+)/.exec(inline)?.[1]?.trim() ?? null;
    } else {
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (/^\s*(#|$)/.test(l)) continue;
        if (indentOf(l) <= build[1].length) break;
        const kv = /^\s*(context|dockerfile|target)\s*:\s*(.+)$/.exec(l);
        if (!kv) continue;
        if (kv[1] === 'context') context = unquote(kv[2]);
        else if (kv[1] === 'dockerfile') dockerfile = unquote(kv[2]);
        else target = unquote(kv[2]);
      }
    }
    const ctx = join(base, unquote(context));
    if (ctx === null) continue;
    const df = join(ctx, unquote(dockerfile));
    if (df === null || !dockerfiles.has(df)) continue;
    out.push({ dockerfile: df, context: ctx, target: target ? unquote(target) : null, kind: 'compose', file: path, line: i + 1, label: service, ships: false });
  }
  return out;
}

function deployReferences(path: string, content: string, dockerfiles: Known): DockerfileReference[] {
  const base = dirOf(path);
  const lines = content.split(/\r?\n/);
  const out: DockerfileReference[] = [];
  if (path.endsWith('fly.toml')) {
    let section = '';
    let line = 0;
    let dockerfile: string | null = null;
    let image = false;
    lines.forEach((l, i) => {
      const s = /^\s*\[\s*([\w.-]+)\s*\]/.exec(l);
      if (s) section = s[1];
      if (section !== 'build') return;
      const kv = /^\s*(dockerfile|image)\s*=\s*(.+)$/.exec(l);
      if (kv?.[1] === 'dockerfile') {
        dockerfile = unquote(kv[2]);
        line = i + 1;
      } else if (kv?.[1] === 'image') image = true;
    });
    if (image) return out;
    const df = join(base, dockerfile ?? 'Dockerfile');
    if (df !== null && dockerfiles.has(df)) out.push({ dockerfile: df, context: base, target: null, kind: 'deploy', file: path, line: line || 1, label: 'fly.io app', ships: true });
    return out;
  }
  // render.yaml: `dockerfilePath` and `dockerContext` are relative to the repository root.
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*-?\s*)dockerfilePath\s*:\s*(.+)$/.exec(lines[i]);
    if (!m) continue;
    let context: string | null = null;
    for (let j = Math.max(0, i - 15); j < Math.min(lines.length, i + 15); j++) {
      const c = /^\s*-?\s*dockerContext\s*:\s*(.+)$/.exec(lines[j]);
      if (c) context = unquote(c[1]);
    }
    const df = join('', unquote(m[2]));
    if (df === null || !dockerfiles.has(df)) continue;
    out.push({ dockerfile: df, context: context === null ? '' : (join('', context) ?? ''), target: null, kind: 'deploy', file: path, line: i + 1, label: 'render service', ships: true });
  }
  return out;
}

/** docker/build-push-action steps in a workflow: `file`, `context`, `target`, `push` under `with:`. */
function buildActionReferences(path: string, content: string, dockerfiles: Known): DockerfileReference[] {
  const lines = content.split(/\r?\n/);
  const out: DockerfileReference[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/uses\s*:\s*["']?docker\/build-push-action@/.test(lines[i])) continue;
    const stepIndent = indentOf(lines[i].replace(/^(\s*)- /, '$1  '));
    let context = '.';
    let file: string | null = null;
    let target: string | null = null;
    let push = false;
    let name = '';
    for (let j = i - 3; j < lines.length; j++) {
      if (j < 0 || j === i) continue;
      const l = lines[j];
      if (j > i && /^\s*-\s/.test(l) && indentOf(l) < stepIndent) break;
      if (j > i && !/^\s*(#|$)/.test(l) && indentOf(l) < stepIndent - 2) break;
      if (j < i) {
        const n = /^\s*-?\s*name\s*:\s*(.+)$/.exec(l);
        if (n && indentOf(l) >= stepIndent - 2) name = unquote(n[1]);
        continue;
      }
      const kv = /^\s*(context|file|target|push)\s*:\s*(.+)$/.exec(l);
      if (!kv) continue;
      const v = unquote(kv[2]);
      if (kv[1] === 'context') context = v;
      else if (kv[1] === 'file') file = v;
      else if (kv[1] === 'target') target = v;
      // `push: ${{ github.event_name != 'pull_request' }}` pushes on the main branch.
      else push = v === 'true' || v.startsWith('${{');
    }
    const ctx = join('', context.replace(/^\$\{\{\s*github\.workspace\s*\}\}\/?/, '') || '.');
    if (ctx === null) continue;
    const df = file === null ? join(ctx, 'Dockerfile') : join('', file);
    if (df === null || !dockerfiles.has(df)) continue;
    out.push({ dockerfile: df, context: ctx, target: target && !/[$]/.test(target) ? target : null, kind: 'workflow', file: path, line: i + 1, label: name || 'docker/build-push-action', ships: push });
  }
  return out;
}

/** `docker build` / `docker buildx build` command lines, in workflows, Makefiles and scripts. */
function dockerBuildReferences(path: string, content: string, dockerfiles: Known, kind: 'workflow' | 'script'): DockerfileReference[] {
  const out: DockerfileReference[] = [];
  const lines = content.split(/\r?\n/);
  const pushes = /\bdocker\s+push\b|--push\b/.test(content);
  // Makefile targets and workflow jobs give the build a name ("dev-shell:", "test-image:").
  let label = path.slice(path.lastIndexOf('/') + 1);
  const scriptBase = dirOf(path);
  for (let i = 0; i < lines.length; i++) {
    const makeTarget = /^([\w.-]+)\s*:(?!=)/.exec(lines[i]);
    if (makeTarget && kind === 'script') label = makeTarget[1];
    const m = /\bdocker\s+(?:buildx\s+)?build\b(.*)$/.exec(lines[i]);
    if (!m) continue;
    let text = m[1];
    for (let j = i + 1; text.trimEnd().endsWith('\\') && j < lines.length; j++) text = `${text.trimEnd().slice(0, -1)} ${lines[j]}`;
    const words = text.split(/\s+/).filter(Boolean).map((w) => w.replace(/^["']|["']$/g, ''));
    let file: string | null = null;
    let target: string | null = null;
    const positional: string[] = [];
    let push = false;
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      if (w === '&&' || w === ';' || w === '|' || w.startsWith('#')) break;
      const eq = /^(--file|-f|--target)=(.*)$/.exec(w);
      if (eq) {
        if (eq[1] === '--target') target = eq[2];
        else file = eq[2];
        continue;
      }
      if (w === '-f' || w === '--file') file = words[++k] ?? null;
      else if (w === '--target') target = words[++k] ?? null;
      else if (w === '--push') push = true;
      else if (/^-(t|-tag|-build-arg|-platform|-label|-cache-from|-cache-to|-secret|-ssh|-network|-progress|-output|o|-builder|-iidfile|-metadata-file|-add-host)$/.test(w)) k++;
      else if (!w.startsWith('-')) positional.push(w);
    }
    const contextWritten = positional[0] ?? '.';
    // Workflows run from the repository root; a Makefile or script most often from its own folder or the root.
    for (const base of kind === 'workflow' ? [''] : [scriptBase, '']) {
      const ctx = join(base, contextWritten);
      if (ctx === null) continue;
      const df = file === null ? join(ctx, 'Dockerfile') : join(base, file);
      if (df === null || !dockerfiles.has(df)) continue;
      out.push({ dockerfile: df, context: ctx, target: target && !target.includes('$') ? target : null, kind, file: path, line: i + 1, label, ships: push || pushes });
      break;
    }
  }
  return out;
}
