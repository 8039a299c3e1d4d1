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
    for (const t of ctx.project.templates ?? []) {
      ctx.report({ file: t.file, line: Math.max(1, t.line), column: 1, message: `${t.file} is a template and was not audited: ${t.reason}` });
    }
  },
});
