import { defineRule } from '../types.js';
import { reportDiagnostics } from './diagnostics.js';

export default defineRule({
  code: 'SR003',
  name: 'include-cycle',
  severity: 'error',
  docs: {
    what: 'Reports `-r`/`-c` includes between requirements files that form a cycle.',
    why: 'A cycle makes the set a file installs depend on the order files are read in, and hides which file is the production one. Older pip versions recurse until they fail.',
    bad: '# requirements.txt\n-r base.txt\n# base.txt\n-r requirements.txt',
    good: '# requirements.txt\n-r base.txt\n# base.txt\nrequests==2.32.3',
    fix: 'Remove the include that points back to a file that (directly or indirectly) includes this one.',
    references: ['https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files'],
  },
  check(ctx) {
    reportDiagnostics(ctx, 'include-cycle');
  },
});
