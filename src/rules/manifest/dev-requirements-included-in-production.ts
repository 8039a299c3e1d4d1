import { defineRule } from '../types.js';

export default defineRule({
  code: 'SR102',
  name: 'dev-requirements-included-in-production',
  severity: 'warning',
  docs: {
    what: 'Reports a production requirements file that includes (`-r`) a file named for development (requirements-dev.txt, requirements/test.txt, …).',
    why: 'The include makes `pip install -r requirements.txt` install every development tool into the production image. The dependency runs the other way: the dev file should include the production file.',
    bad: '# requirements.txt\nflask==3.0.3\n-r requirements-dev.txt',
    good: '# requirements.txt\nflask==3.0.3\n\n# requirements-dev.txt\n-r requirements.txt\npytest==8.3.2',
    fix: 'Remove the include from the production file and add `-r <production file>` at the top of the development file instead.',
    references: ['https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files'],
  },
  check(ctx) {
    const groups = new Map(ctx.project.manifests.map((m) => [m.path, m]));
    for (const manifest of ctx.project.manifests) {
      if (manifest.group !== 'prod' || manifest.kind === 'constraints') continue;
      for (const inc of manifest.includes) {
        if (inc.kind !== 'requirement' || !inc.resolved) continue;
        const target = groups.get(inc.resolved);
        if (target?.group !== 'dev') continue;
        ctx.report({
          file: manifest.path,
          line: inc.line,
          column: inc.column,
          message: `production file ${manifest.path} includes development file ${inc.resolved} (${target.groupReason ?? 'development'}), so every dev tool in it is installed in the image`,
          fix: `remove this -r line and put \`-r ${relativeTo(inc.resolved, manifest.path)}\` at the top of ${inc.resolved} instead`,
        });
      }
    }
  },
});

function relativeTo(from: string, to: string): string {
  const fromDir = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let i = 0;
  while (i < fromDir.length && i < toParts.length - 1 && fromDir[i] === toParts[i]) i++;
  return [...fromDir.slice(i).map(() => '..'), ...toParts.slice(i)].join('/');
}
