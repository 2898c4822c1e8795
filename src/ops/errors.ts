// An operator-facing failure: the message says what went wrong and what to do; the command line prints it
// without a stack trace and exits with its code (1: the operation failed or was refused, 2: bad usage or
// configuration).
export class OpsError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}
