import { createTwoFilesPatch } from 'diff';
import { palette } from '../report/color.js';

/** A unified diff of one file, coloured for a terminal when asked; '' when nothing changes. */
export function unifiedDiff(path: string, before: string | null, after: string, color: boolean): string {
  if (before === after || (before === null && after === '')) return '';
  const patch = createTwoFilesPatch(
    before === null ? '/dev/null' : `a/${path}`,
    `b/${path}`,
    before ?? '',
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  // jsdiff starts with an "Index:"-less '=====' header only for createPatch; drop any leading separator.
  const body = patch.replace(/^={3,}\n/, '');
  if (!color) return body;
  const c = palette(true);
  return body
    .split('\n')
    .map((line) =>
      line.startsWith('+++') || line.startsWith('---')
        ? c.bold(line)
        : line.startsWith('+')
          ? c.green(line)
          : line.startsWith('-')
            ? c.red(line)
            : line.startsWith('@@')
              ? c.cyan(line)
              : line,
    )
    .join('\n');
}
