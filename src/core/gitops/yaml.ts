/**
 * YAML parser errors as messages. The `yaml` package's messages quote the source around the error (a
 * line and a caret), and that source may be a secret value; every gitops error path that reports a parse
 * error uses this summary instead: the error code and the position only.
 */

/**
 * The parts of a `yaml` YAMLError (or any error) this summary reads.
 * @internal
 */
export interface YamlErrorLike {
  /**
   * The error code, e.g. `BAD_INDENT`.
   * @default - unknown
   */
  readonly code?: unknown;
  /**
   * The position: `[start, end?]`, 1-based.
   * @default - unknown
   */
  readonly linePos?: ReadonlyArray<{ readonly line: number; readonly col: number }>;
}

/**
 * The code and position of a YAML parse error (`BAD_INDENT at line 3, column 5`), never its source excerpt.
 * @internal
 */
export function yamlErrorSummary(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as YamlErrorLike;
  const code = typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code) ? e.code : 'YAML error';
  const pos = Array.isArray(e.linePos) ? e.linePos[0] : undefined;
  return pos && Number.isInteger(pos.line) && Number.isInteger(pos.col) ? `${code} at line ${pos.line}, column ${pos.col}` : code;
}

let yamlPackage: typeof import('yaml') | undefined;

/**
 * The `yaml` package, loaded on first use: only SOPS files, CSI objects and Flux rules need it, and the
 * root entry point should not load it (about 40 ms next to the copy cdk8s loads, issue 18).
 * @internal
 */
export function yaml(): typeof import('yaml') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlPackage ??= require('yaml') as typeof import('yaml');
  return yamlPackage;
}
