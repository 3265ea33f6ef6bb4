/**
 * Go regular expressions (RE2 syntax), checked and evaluated with re2js, Google's JavaScript port of RE2:
 * what ESO, SOPS, Reloader and Prometheus compile with Go's `regexp` package must be checked with Go's
 * semantics, not JavaScript's (which accepts lookahead and back-references that Go refuses, and reads
 * some classes differently).
 */
import { RE2JS } from 're2js';
import { ValidationError, q } from '../errors';

/**
 * A compiled Go regular expression.
 * @internal
 */
export interface GoRegex {
  /** The expression as written. */
  readonly source: string;
  /** Whether it matches somewhere in `text` (Go's `MatchString`: unanchored). */
  find(text: string): boolean;
  /** Whether it matches all of `text` (as if anchored with `^(?:...)$`). */
  matchesWhole(text: string): boolean;
}

/**
 * Compile a Go regular expression with RE2 semantics; refuses what Go's `regexp.Compile` refuses
 * (lookahead, lookbehind, back-references, possessive quantifiers) with the RE2 parser's message.
 * @internal
 */
export function compileGoRegex(component: string, prop: string, value: unknown, what = 'a Go (RE2) regular expression'): GoRegex {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, prop, `${q(value)} is not ${what}; give a non-empty expression.`);
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(value);
  } catch (e) {
    const reason = String((e as Error).message ?? e).replace(/^error parsing regexp: /, '');
    throw new ValidationError(component, prop, `${q(value)} is not ${what} (${reason}); Go's regexp (RE2) has no lookahead, lookbehind or back-references.`);
  }
  return {
    source: value,
    find: text => re.test(text),
    matchesWhole: text => re.testExact(text),
  };
}

/**
 * Escape every regular-expression metacharacter in `text`, exactly as Go's `regexp.QuoteMeta`
 * (golang/go `src/regexp/regexp.go`: the bytes `\.+*?()|[]{}^$`), so the result matches `text` literally.
 * @internal
 */
export function goQuoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, ch => `\\${ch}`);
}
