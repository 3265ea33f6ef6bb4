/**
 * Go regular expressions (RE2 syntax), checked and evaluated with re2js, Google's JavaScript port of RE2:
 * what ESO, SOPS, Reloader and Prometheus compile with Go's `regexp` package must be checked with Go's
 * semantics, not JavaScript's (which accepts lookahead and back-references that Go refuses, and reads
 * some classes differently).
 */
import type { RE2JS } from 're2js';
import { ValidationError, q } from '../errors';

let re2js: typeof import('re2js') | undefined;

/** re2js, loaded on the first regular expression (not at import of the root entry, issue 18). */
function re2(): typeof import('re2js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2js ??= require('re2js') as typeof import('re2js');
  return re2js;
}

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
 * Compiled expressions by source (immutable RE2 programs), so that the same expression given for every
 * object (SOPS's default encrypted_regex for each SopsSecret, say) is compiled once (issue 18). Only
 * expressions that compiled are kept; bounded, oldest out first.
 */
const compiled = new Map<string, RE2JS>();
const COMPILED_MAX = 256;

/**
 * Compile a Go regular expression with RE2 semantics; refuses what Go's `regexp.Compile` refuses
 * (lookahead, lookbehind, back-references, possessive quantifiers) with the RE2 parser's message.
 * @internal
 */
export function compileGoRegex(component: string, prop: string, value: unknown, what = 'a Go (RE2) regular expression'): GoRegex {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, prop, `${q(value)} is not ${what}; give a non-empty expression.`);
  }
  let re = compiled.get(value);
  try {
    re ??= re2().RE2JS.compile(value);
  } catch (e) {
    const reason = String((e as Error).message ?? e).replace(/^error parsing regexp: /, '');
    throw new ValidationError(component, prop, `${q(value)} is not ${what} (${reason}); Go's regexp (RE2) has no lookahead, lookbehind or back-references.`);
  }
  if (!compiled.has(value)) {
    if (compiled.size >= COMPILED_MAX) {
      compiled.delete(compiled.keys().next().value as string);
    }
    compiled.set(value, re);
  }
  const program = re;
  return {
    source: value,
    find: text => program.test(text),
    matchesWhole: text => program.testExact(text),
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

/** One element of a parsed expression, as far as anchoring is concerned. */
interface RegexItem {
  /** `^`/`\A` (start), `$`/`\z` (end), a group, a zero-width flag setter or assertion, or anything else. */
  readonly type: 'start' | 'end' | 'group' | 'zero-width' | 'other';
  /** The alternatives of a group. */
  readonly branches?: RegexItem[][];
  /** Whether a repetition operator follows (a repeated or optional anchor does not anchor). */
  quantified?: boolean;
}

const REPEAT = /^\{(\d+)(,(\d*))?\}/;

/**
 * Split a Go regular expression into its alternatives and items, enough to see where its anchors are:
 * groups (capturing, non-capturing, named, with flags), classes, escapes (`\Q...\E`, `\x{...}`,
 * `\p{...}`), repetition operators. The expression must already have compiled.
 */
function parseBranches(src: string, start: number, inGroup: boolean): { branches: RegexItem[][]; end: number } {
  const branches: RegexItem[][] = [[]];
  let items = branches[0];
  let i = start;
  while (i < src.length) {
    const ch = src[i];
    if (ch === ')' && inGroup) {
      return { branches, end: i + 1 };
    }
    if (ch === '|') {
      items = [];
      branches.push(items);
      i++;
      continue;
    }
    const last = items[items.length - 1];
    if (ch === '*' || ch === '+' || ch === '?') {
      if (last) {
        last.quantified = true;
      }
      i += src[i + 1] === '?' ? 2 : 1;
      continue;
    }
    if (ch === '{') {
      const m = REPEAT.exec(src.slice(i));
      if (m) {
        // `{1}` repeats exactly once: the item keeps its meaning.
        if (last && !(m[1] === '1' && m[2] === undefined)) {
          last.quantified = true;
        }
        i += m[0].length + (src[i + m[0].length] === '?' ? 1 : 0);
        continue;
      }
      items.push({ type: 'other' });
      i++;
      continue;
    }
    if (ch === '(') {
      let j = i + 1;
      if (src[j] === '?') {
        const flags = /^\?[a-zA-Z-]*\)/.exec(src.slice(j));
        if (flags) {
          // `(?i)`: sets flags, matches nothing.
          items.push({ type: 'zero-width' });
          i = j + flags[0].length;
          continue;
        }
        const open = /^\?(?:[a-zA-Z-]*:|P?<[^>]*>)/.exec(src.slice(j));
        j += open ? open[0].length : 1;
      }
      const inner = parseBranches(src, j, true);
      items.push({ type: 'group', branches: inner.branches });
      i = inner.end;
      continue;
    }
    if (ch === '[') {
      let j = i + 1;
      if (src[j] === '^') {
        j++;
      }
      if (src[j] === ']') {
        j++;
      }
      while (j < src.length && src[j] !== ']') {
        if (src[j] === '\\') {
          j += 2;
        } else if (src[j] === '[' && src[j + 1] === ':') {
          const close = src.indexOf(':]', j + 2);
          j = close >= 0 ? close + 2 : j + 1;
        } else {
          j++;
        }
      }
      items.push({ type: 'other' });
      i = j + 1;
      continue;
    }
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === 'A') {
        items.push({ type: 'start' });
        i += 2;
      } else if (next === 'z') {
        items.push({ type: 'end' });
        i += 2;
      } else if (next === 'b' || next === 'B') {
        items.push({ type: 'zero-width' });
        i += 2;
      } else if (next === 'Q') {
        const close = src.indexOf('\\E', i + 2);
        const literal = close >= 0 ? src.slice(i + 2, close) : src.slice(i + 2);
        if (literal !== '') {
          items.push({ type: 'other' });
        }
        i = close >= 0 ? close + 2 : src.length;
      } else if ((next === 'x' || next === 'p' || next === 'P') && src[i + 2] === '{') {
        const close = src.indexOf('}', i + 3);
        items.push({ type: 'other' });
        i = close >= 0 ? close + 1 : src.length;
      } else if (next === 'x') {
        items.push({ type: 'other' });
        i += 4;
      } else if (next === 'p' || next === 'P') {
        items.push({ type: 'other' });
        i += 3;
      } else {
        items.push({ type: 'other' });
        i += 2;
      }
      continue;
    }
    items.push({ type: ch === '^' ? 'start' : ch === '$' ? 'end' : 'other' });
    i++;
  }
  return { branches, end: i };
}

function anchoredAt(side: 'start' | 'end', branch: readonly RegexItem[]): boolean {
  const ordered = side === 'start' ? branch : [...branch].reverse();
  for (const item of ordered) {
    if (item.type === 'zero-width' && !item.quantified) {
      continue;
    }
    if (item.quantified) {
      return false;
    }
    if (item.type === side) {
      return true;
    }
    if (item.type === 'group') {
      return item.branches!.every(b => anchoredAt(side, b));
    }
    return false;
  }
  return false;
}

/**
 * Whether a Go regular expression only ever matches whole texts (for texts without line breaks, such as
 * Kubernetes names): every top-level alternative starts with `^` (or `\A`) and ends with `$` (or `\z`),
 * directly or through groups. Go's `regexp.MatchString` matches anywhere in the text, so an expression
 * that is not anchored this way also matches longer texts that contain a match (`payments` matches
 * `evil-payments-copy`). The analysis is conservative: an expression it calls unanchored may still be
 * anchored in some contrived way, and its {@link anchoredGoRegex} form is always accepted.
 * The expression must compile (see {@link compileGoRegex}).
 * @internal
 */
export function isAnchoredGoRegex(source: string): boolean {
  const { branches } = parseBranches(source, 0, false);
  return branches.every(b => anchoredAt('start', b) && anchoredAt('end', b));
}

/**
 * The anchored form of a Go regular expression: what it matches as a whole text. Adds the missing `^`
 * and `$` to an expression without top-level alternation (`payments` becomes `^payments$`), and wraps
 * one with alternation as `^(?:...)$` (`a|b` becomes `^(?:a|b)$`, not `^a|b$`, which Go reads as
 * `(^a)|(b$)`).
 * @internal
 */
export function anchoredGoRegex(source: string): string {
  const { branches } = parseBranches(source, 0, false);
  if (branches.length > 1) {
    return `^(?:${source})$`;
  }
  return `${anchoredAt('start', branches[0]) ? '' : '^'}${source}${anchoredAt('end', branches[0]) ? '' : '$'}`;
}
