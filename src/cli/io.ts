/** What a command reads and writes, so tests can run commands in-process. */
export interface CliIo {
  /** Standard input, read fully (undefined when it is a terminal). */
  readonly stdin: () => string | undefined;
  /** Write to standard output. */
  readonly out: (text: string) => void;
  /** Write to standard error. */
  readonly err: (text: string) => void;
  /** Read a file. */
  readonly readFile: (path: string) => string;
  /** Write a file with the given mode. */
  readonly writeFile: (path: string, text: string, mode: number) => void;
}

/** A usage error: the message is printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
