import { stringify } from 'yaml';
import { q } from '../core/errors';

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

/** An `--output` format. */
export type OutputFormat = 'yaml' | 'json';

/** Check the `--output` flag: yaml (the default) or json; anything else is a usage error. */
export function outputFormat(flag: string | undefined): OutputFormat {
  const f = flag ?? 'yaml';
  if (f !== 'yaml' && f !== 'json') {
    throw new UsageError(`--output ${q(f)} is not supported; use yaml or json.`);
  }
  return f;
}

/** Render a document as YAML or pretty-printed JSON. */
export function renderDocument(doc: unknown, format: OutputFormat): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringify(doc);
}
