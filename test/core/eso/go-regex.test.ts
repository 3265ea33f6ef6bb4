/**
 * The Go (RE2) regular expressions ESO compiles (ClusterSecretStore `namespaceRegexes`,
 * `dataFrom.find.name.regexp`) are checked with re2js through src/core/validate/re2.ts: what Go's
 * `regexp.Compile` refuses is refused, and `isAnchoredGoRegex` tells whether `regexp.MatchString`
 * (unanchored, as in external-secrets `pkg/controllers/secretstore/client_manager.go` and
 * `runtime/find/find.go`, v2.9.0) can only match a whole name.
 */
import { anchoredGoRegex, compileGoRegex, isAnchoredGoRegex } from '../../../src/core/validate/re2';

describe('Go regular expressions (RE2 semantics)', () => {
  test.each([
    ['(?=payments)', 'invalid or unsupported Perl syntax: `(?=`'],
    ['^(?!kube-).*$', 'invalid or unsupported Perl syntax: `(?!`'],
    ['(?<=team-)a', 'invalid named capture: `(?<=team-)a`'],
    ['(a)\\1', 'invalid escape sequence: `\\1`'],
    ['a++', 'invalid nested repetition operator: `++`'],
    ['\\Z', 'invalid escape sequence: `\\Z`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
  ])('refuses %s as Go does', (source, reason) => {
    expect(() => compileGoRegex('X', 'p', source)).toThrow(`X: p ${JSON.stringify(source)} is not a Go (RE2) regular expression (${reason}); Go's regexp (RE2) has no lookahead, lookbehind or back-references.`);
  });

  test('JavaScript and Go differ: a{,3} is a literal in Go, a repetition nowhere', () => {
    const re = compileGoRegex('X', 'p', 'a{,3}');
    expect(re.find('a{,3}')).toBe(true);
    expect(re.find('aaa')).toBe(false);
  });

  test('find is unanchored (MatchString), matchesWhole is anchored', () => {
    const re = compileGoRegex('X', 'p', 'payments');
    expect(re.find('evil-payments-copy')).toBe(true);
    expect(re.matchesWhole('evil-payments-copy')).toBe(false);
    expect(re.matchesWhole('payments')).toBe(true);
  });

  test.each([
    '^payments$', '^payments-.*$', '^(?:payments|orders)$', '^payments$|^orders$', '(^payments$)', '(?i)^payments$',
    '\\Apayments\\z', '^(?P<team>[a-z]+)-prod$', '^(?<team>[a-z]+)-prod$', '^[$^]$', '^a\\$b$', '^\\Q.*\\E$', '^a{1}$',
    '^(?:(?:a|b))$', '\\b^payments$\\b',
  ])('anchored: %s', source => {
    compileGoRegex('X', 'p', source);
    expect(isAnchoredGoRegex(source)).toBe(true);
  });

  test.each([
    'payments', '^payments', 'payments$', '^a|b$', '^a$|b', '(^a)|b$', '^?a$', '^a$?', '^a\\$', '\\^a$', '(^a$)*', '^(a|b$)',
    '^[$]', '^\\Qa$\\E',
  ])('not anchored: %s', source => {
    compileGoRegex('X', 'p', source);
    expect(isAnchoredGoRegex(source)).toBe(false);
  });

  test.each([
    ['payments', '^payments$'],
    ['^payments', '^payments$'],
    ['payments-.*', '^payments-.*$'],
    ['a|b', '^(?:a|b)$'],
    ['^a|b$', '^(?:^a|b$)$'],
    ['a\\$', '^a\\$$'],
  ])('anchored form of %s is %s, and it is anchored and matches the same names wholly', (source, anchored) => {
    expect(anchoredGoRegex(source)).toBe(anchored);
    expect(isAnchoredGoRegex(anchored)).toBe(true);
    const re = compileGoRegex('X', 'p', source);
    const fixed = compileGoRegex('X', 'p', anchored);
    for (const name of ['payments', 'payments-a', 'a', 'b', 'evil-payments', 'a$', 'ab']) {
      expect(fixed.find(name)).toBe(re.matchesWhole(name));
    }
  });
});
