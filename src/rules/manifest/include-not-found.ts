import { defineRule } from '../types.js';
import { reportDiagnostics } from './diagnostics.js';

export default defineRule({
  code: 'SR004',
  name: 'include-not-found',
  severity: 'error',
  docs: {
    what: 'Reports a `-r`/`-c` include whose target file does not exist (paths resolve relative to the including file, as pip resolves them).',
    why: '`pip install -r` fails on a missing include, so the image build fails; and its requirements cannot be audited.',
    bad: '# requirements/production.txt\n-r base.txt   # but requirements/base.txt does not exist',
    good: '# requirements/production.txt\n-r base.txt   # requirements/base.txt exists',
    fix: 'Point the include at the right file (relative to the including file\'s folder) or create it.',
    references: ['https://pip.pypa.io/en/stable/reference/requirements-file-format/#referring-to-other-requirements-files'],
  },
  check(ctx) {
    reportDiagnostics(ctx, 'include-not-found');
  },
});
