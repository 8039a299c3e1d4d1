import { writeFileAtomic } from '../io/write.js';
import { resolvePath } from './shared.js';

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** Prints a rendered report, or writes it atomically to a file when --output is given. */
export function emit(rendered: string, output: string | undefined, io: Io): void {
  if (output) writeFileAtomic(resolvePath(output), rendered);
  else io.stdout.write(rendered);
}
