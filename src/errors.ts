// Exit codes and the errors whose message is meant for the user as is. The library throws these;
// only cli.ts turns them into a message and an exit code. Commands and the pipeline both import
// this module, so neither needs the other.

export const EXIT = { clean: 0, findings: 1, usage: 2, internal: 3 } as const;

/** An error whose message is meant for the user as is (bad input, bad usage). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Thrown when the audited path itself is unusable; the CLI turns it into exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
