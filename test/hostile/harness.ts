/**
 * The hostile-input census (issue 11): table-driven rows of bad input, each of which must be refused with
 * a ValidationError (or, in the Pulumi front-end, a pulumi.ResourceError carrying the same message) that
 * names the component and the prop, shows the value or its redaction, and never contains a canary secret.
 *
 * Each domain has its own module `test/hostile/rows/<domain>.ts` exporting `rows: HostileRow[]`;
 * `test/hostile/census.test.ts` loads every such module, runs its rows, and asserts the total, so the
 * census cannot shrink unnoticed.
 */
import { ValidationError } from '../../src/core/errors';

/** Secret values that must never appear in any message: feed them wherever a value is secret. */
export const CANARIES = {
  /** A plaintext secret value (e.g. a password in stringData). */
  value: 'canary-value-0f5e1d2c',
  /** An age identity (the private key of an age X25519 pair; a published test key, never used for anything). */
  ageIdentity: 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX',
  /** A password inside a URL. */
  urlPassword: 'canary-url-pw-91ab',
  /** A PEM private key body line. */
  pemBody: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCanaryCanaryCanary',
} as const;

/** Every canary as one list. */
export const ALL_CANARIES: readonly string[] = Object.values(CANARIES);

/** One bad input. */
export interface HostileRow {
  /** What the row tries, e.g. `allowListWatch: "false"`. */
  readonly name: string;
  /** Runs the entry point with the bad input (must throw). */
  readonly run: () => unknown;
  /** The component the message must name, e.g. `SecretReader`. */
  readonly component: string;
  /** The prop the message must name, e.g. `allowListWatch` or `secrets[0]`. */
  readonly prop: string;
  /**
   * Text the message must contain: the value as quoted in the message (e.g. `"false"`), or its
   * redaction (e.g. `<redacted>`), or a fragment of the rule (a regular expression).
   */
  readonly shows?: string | RegExp;
}

/** A row that was run: what it threw. */
interface Outcome {
  readonly row: HostileRow;
  readonly error: unknown;
}

function messageOf(error: unknown): string | undefined {
  if (error instanceof ValidationError) {
    return error.message;
  }
  // pulumi.ResourceError (the Pulumi front-end wraps ValidationError messages in it): checked by name so
  // this harness does not load @pulumi/pulumi for the cdk8s and core rows.
  if (error instanceof Error && error.constructor.name === 'ResourceError') {
    return error.message;
  }
  return undefined;
}

/**
 * Run the rows of one domain as jest tests: every row must throw a ValidationError (or ResourceError)
 * whose message starts with the component, names the prop, shows the value, and holds no canary.
 */
export function census(domain: string, rows: readonly HostileRow[]): void {
  const names = new Set<string>();
  for (const row of rows) {
    if (names.has(row.name)) {
      throw new Error(`census ${domain}: duplicate row name ${JSON.stringify(row.name)}`);
    }
    names.add(row.name);
  }
  describe(`hostile input: ${domain}`, () => {
    test.each(rows.map(row => [row.name, row] as const))('%s', (_name, row) => {
      let outcome: Outcome | undefined;
      try {
        row.run();
      } catch (error) {
        outcome = { row, error };
      }
      if (!outcome) {
        throw new Error(`${row.name}: was accepted; it must be refused by ${row.component} (${row.prop}).`);
      }
      const message = messageOf(outcome.error);
      if (message === undefined) {
        throw new Error(`${row.name}: threw ${(outcome.error as Error)?.constructor?.name ?? typeof outcome.error} instead of a ValidationError: ${String((outcome.error as Error)?.message ?? outcome.error)}`);
      }
      expect(message.startsWith(`${row.component}: `)).toBe(true);
      expect(message).toContain(row.prop);
      if (typeof row.shows === 'string') {
        expect(message).toContain(row.shows);
      } else if (row.shows) {
        expect(message).toMatch(row.shows);
      }
      for (const canary of ALL_CANARIES) {
        expect(message).not.toContain(canary);
      }
    });
  });
}
