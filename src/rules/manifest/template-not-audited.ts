import { defineRule } from '../types.js';

export default defineRule({
  code: 'SR007',
  name: 'template-not-audited',
  severity: 'info',
  docs: {
    what: 'Notes a manifest or Dockerfile that is a template (cookiecutter, copier, Jinja): a `{{…}}` placeholder in its path, or a `{% … %}` / `{{ … }}` tag outside any string in its content. slimreq skips it.',
    why: 'A template is rendered before pip, TOML or Docker read it, so its raw text is not a manifest: parsing it would report errors that the rendered file does not have.',
    bad: '# {{cookiecutter.project_slug}}/requirements.txt\n{% if cookiecutter.use_celery == "y" %}\ncelery==5.4.0\n{% endif %}',
    good: 'Render the template (cookiecutter --no-input …) and audit the generated project.',
    fix: 'Nothing to fix: audit a project generated from the template to check what it would ship.',
    references: ['https://cookiecutter.readthedocs.io/en/stable/'],
  },
  check(ctx) {
    // One finding per template folder (`{{cookiecutter.project_slug}}/`), the other files as related
    // places; a template file outside such a folder is its own finding.
    const byRoot = new Map<string, { file: string; line: number; reason: string }[]>();
    for (const t of ctx.project.templates ?? []) {
      const segments = t.file.split('/');
      const at = segments.findIndex((s) => s.includes('{{') || s.includes('{%'));
      const root = at >= 0 && at < segments.length - 1 ? `${segments.slice(0, at + 1).join('/')}/` : t.file;
      byRoot.set(root, [...(byRoot.get(root) ?? []), t]);
    }
    for (const [root, list] of byRoot) {
      const [first, ...rest] = list;
      const message =
        list.length === 1
          ? `${first.file} is a template and was not audited: ${first.reason}`
          : `${list.length} files under ${root} are templates and were not audited (a placeholder in their path); audit a project generated from the template instead`;
      ctx.report({
        file: first.file,
        line: Math.max(1, first.line),
        column: 1,
        message,
        related: rest.map((t) => ({ file: t.file, line: Math.max(1, t.line), column: 1, message: `${t.file} is a template: ${t.reason}` })),
      });
    }
  },
});
