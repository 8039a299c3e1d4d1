import { defineRule } from '../types.js';

export default defineRule({
  code: 'SR102',
  name: 'dev-requirements-included-in-production',
  severity: 'warning',
  docs: {
    what: 'Reports a production requirements file that includes (`-r`) a file named for development (requirements-dev.txt, requirements/test.txt, …). When the production Dockerfiles name the requirements files they install, only those files (and what they include) are checked: a file no image installs puts nothing in production.',
    why: 'The include makes `pip install -r requirements.txt` install every development tool into the production image. The dependency runs the other way: the dev file should include the production file.',
    bad: '# requirements.txt\nflask==3.0.3\n-r requirements-dev.txt',
    good: '# requirements.txt\nflask==3.0.3\n\n# requirements-dev.txt\n-r requirements.txt\npytest==8.3.2',
    fix: 'Remove the include from the production file and add `-r <production file>` at the top of the development file instead.',
    references: ['https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files'],
  },
  check(ctx) {
    const groups = new Map(ctx.project.manifests.map((m) => [m.path, m]));
    // What the production images install (`pip install -r`), with everything those files include. When
    // the images name what they install, a production-named file outside that set is not in any image
    // (a file kept for dependabot, a pip-compile aggregate): its includes put nothing in production.
    const installed = new Set<string>();
    const queue = ctx.project.manifests.filter((m) => m.roles?.some((r) => r.decision.basis === 'image')).map((m) => m.path);
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (installed.has(path)) continue;
      installed.add(path);
      for (const inc of groups.get(path)?.includes ?? []) if (inc.kind === 'requirement' && inc.resolved) queue.push(inc.resolved);
    }
    for (const manifest of ctx.project.manifests) {
      if (manifest.group !== 'prod' || manifest.kind === 'constraints') continue;
      if (installed.size > 0 && !installed.has(manifest.path)) continue;
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
