import { defineRule } from '../types.js';
import { applicableDockerignore, contextCopy } from './dockerignore-missing-entry.js';

export default defineRule({
  code: 'SR401',
  name: 'missing-dockerignore',
  severity: 'warning',
  docs: {
    what:
      "Flags a Dockerfile that copies its whole build context (`COPY . .`, `ADD . /app`) when no .dockerignore applies to it: neither `<Dockerfile>.dockerignore` beside it nor `.dockerignore` in its directory, which slimreq takes as the build context. A builder stage's `COPY . /src` counts when a shipping stage copies that folder (or one above it) whole with `COPY --from`.",
    why:
      'Without a .dockerignore, Docker sends the entire directory to the builder and `COPY . .` puts all of it in the image: .git history, local virtualenvs, caches, test data and `.env` files with secrets.',
    bad: '# no .dockerignore\nCOPY . .',
    good: '# .dockerignore\n.git\n.venv\n**/__pycache__\n**/*.pyc\n.env',
    fix: 'Create a .dockerignore next to the Dockerfile listing .git, virtualenvs, caches and .env files.',
    references: ['https://docs.docker.com/build/concepts/context/#dockerignore-files'],
  },
  check({ project, report }) {
    for (const df of project.dockerfiles) {
      const copy = contextCopy(df);
      if (!copy || applicableDockerignore(project, df)) continue;
      const dir = df.contextDir === '' ? 'the repository root' : `\`${df.contextDir}/\``;
      report({
        file: df.path,
        line: copy.line,
        column: copy.column,
        message: `\`${copy.keyword} ${copy.args}\` copies the whole build context but there is no .dockerignore in ${dir}: .git, virtualenvs, caches and .env files go into the image; add a .dockerignore there listing at least \`.git\`, \`.venv\`, \`**/__pycache__\` and \`.env\` (\`slimreq fix dockerignore --write\` writes one)`,
      });
    }
  },
});
