// ANSI styling for terminal output. A handful of codes does not justify a dependency.
export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  underline(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

const ansi: Palette = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  blue: wrap(34, 39),
  green: wrap(32, 39),
  cyan: wrap(36, 39),
  underline: wrap(4, 24),
};

const identity = (s: string) => s;
const plain: Palette = {
  bold: identity,
  dim: identity,
  red: identity,
  yellow: identity,
  blue: identity,
  green: identity,
  cyan: identity,
  underline: identity,
};

export function palette(enabled: boolean): Palette {
  return enabled ? ansi : plain;
}

/**
 * Colour on when the stream is a TTY, unless NO_COLOR is set (https://no-color.org);
 * FORCE_COLOR forces it on, FORCE_COLOR=0 off.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}
