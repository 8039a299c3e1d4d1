import { defineRule } from '../types.js';
import { reportDiagnostics } from './diagnostics.js';

export default defineRule({
  code: 'SR002',
  name: 'manifest-parse-error',
  severity: 'error',
  docs: {
    what: 'Reports a line that the manifest\'s own tool would reject: a requirements line pip cannot parse, malformed TOML in pyproject.toml or Pipfile, an invalid dependency string, a broken Dockerfile instruction.',
    why: 'A line pip or Docker rejects fails the image build; a line slimreq cannot read is one it cannot check for dev tools or Alpine problems.',
    bad: 'requests>=2.0,,<3\n--no-such-option',
    good: 'requests>=2.0,<3',
    fix: 'Correct the line at the reported position; the message says what was expected.',
    references: [
      'https://pip.pypa.io/en/stable/reference/requirements-file-format/',
      'https://packaging.python.org/en/latest/specifications/dependency-specifiers/',
      'https://toml.io/en/v1.0.0',
    ],
  },
  check(ctx) {
    reportDiagnostics(ctx, 'manifest-parse-error');
  },
});
