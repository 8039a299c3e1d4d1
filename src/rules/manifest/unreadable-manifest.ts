import { defineRule } from '../types.js';
import { reportDiagnostics } from './diagnostics.js';

export default defineRule({
  code: 'SR001',
  name: 'unreadable-manifest',
  severity: 'error',
  docs: {
    what: 'Reports a manifest, Dockerfile or .dockerignore that cannot be read as UTF-8 text: binary content, another encoding, a file too large, or a permission problem.',
    why: 'pip, Poetry and Docker read these files as UTF-8 text. A file slimreq cannot read is one whose dependencies nobody can audit, and it usually breaks the build too.',
    bad: 'requirements.txt saved as UTF-16 by an editor',
    good: 'requirements.txt saved as UTF-8',
    fix: 'Save the file as UTF-8 text (a UTF-8 BOM is fine), or remove it if it is not a manifest.',
    references: ['https://pip.pypa.io/en/stable/reference/requirements-file-format/#encoding'],
  },
  check(ctx) {
    reportDiagnostics(ctx, 'unreadable-manifest');
  },
});
