import { writeFileSync } from 'node:fs';
import { resolvePath } from '../cli.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Prints a rendered report, or writes it to a file when --output is given. */
export function emit(rendered: string, output: string | undefined, io: Io): void {
  if (output) writeFileSync(resolvePath(output), rendered);
  else io.stdout.write(rendered);
}
