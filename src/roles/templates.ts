// Templates (cookiecutter, copier, Jinja) are not manifests: `{{cookiecutter.project_slug}}/pyproject.toml`
// or a file with `{% if … %}` lines would fail to parse and be reported as broken. They are skipped,
// with a note that says why.
import type { Evidence } from '../model.js';

/** Evidence that a path or its content is a template, or null. */
export function templateEvidence(path: string, content: string | null): Evidence | null {
  const seg = path.split('/').find((s) => s.includes('{{') || s.includes('{%'));
  if (seg) return { file: path, line: 0, reason: `its path has a template placeholder (${seg})` };
  if (content === null) return null;
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('{{') && !line.includes('{%')) continue;
    // `name = "{{ cookiecutter.name }}"` is a valid string; a tag outside strings is not.
    const outside = line.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""');
    if (/\{%|\{\{|\{#/.test(outside) && !/\$\{\{/.test(outside)) {
      return { file: path, line: i + 1, reason: `line ${i + 1} has a template tag outside any string (${outside.trim().slice(0, 40)})` };
    }
    if (line.includes('{%')) return { file: path, line: i + 1, reason: `line ${i + 1} has a template tag ({% … %})` };
  }
  return null;
}

/** Files that make a folder a project generator: its own manifests are the generator's tooling. */
const GENERATOR_FILES = ['cookiecutter.json', 'copier.yml', 'copier.yaml'];

/**
 * A manifest that sits beside a project generator's configuration (`cookiecutter.json`, `copier.yml`)
 * belongs to the generator's own tests and tooling, not to the projects it generates (those live in
 * the `{{cookiecutter.…}}` folder): development, with that file as evidence. Null otherwise.
 */
export function generatorToolingEvidence(path: string, present: ReadonlySet<string>): Evidence | null {
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (const name of GENERATOR_FILES) {
    const candidate = dir ? `${dir}/${name}` : name;
    if (present.has(candidate)) {
      return { file: candidate, line: 0, reason: `${candidate} makes this folder a project generator; its own manifests are the generator's tooling, not what generated projects ship` };
    }
  }
  return null;
}
