import { defineRule } from '../types.js';
import { reportDiagnostics } from './diagnostics.js';

export default defineRule({
  code: 'SR005',
  name: 'include-outside-repo',
  severity: 'warning',
  docs: {
    what: 'Reports a `-r`/`-c` include that points outside the audited directory (an absolute path or one climbing out with `..`).',
    why: 'A Docker build only sees its context: a file outside the repository is missing in the image build, and slimreq does not read files outside the audited path.',
    bad: '-r ../shared/requirements.txt',
    good: '-r requirements/shared.txt',
    fix: 'Copy or move the included file into the repository, or audit the common parent directory.',
    references: ['https://docs.docker.com/build/concepts/context/'],
  },
  check(ctx) {
    reportDiagnostics(ctx, 'include-outside-repo');
  },
});
