/**
 * A library refusal in a command's words (src/cli/flag-terms.ts): the prop becomes the flag, the opt-in
 * becomes the flag that turns it on, and nothing else changes (component, explanation, redaction, and
 * every error the table does not know). Each command's table is exercised end to end in hostile.test.ts.
 */
import { FlagTerms, errorInTerms, inFlagTerms, warningInTerms } from '../../src/cli/flag-terms';
import { ValidationError } from '../../src/core/errors';

const TERMS: FlagTerms = {
  props: {
    'secretsLevel': '--secrets-level',
    'providers[0].kms.name': '--kms-name',
    'encryptedRegex': '--encrypted-regex',
    'ageRecipients[]': i => `recipient ${i + 1} of --age`,
  },
  optIns: { allowAescbc: '--allow-aescbc' },
  component: 'encryptionConfiguration',
};

function refusedWith(prop: string, detail: string): ValidationError {
  try {
    inFlagTerms(TERMS, () => {
      throw new ValidationError('lib', prop, detail);
    });
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error('inFlagTerms did not throw');
}

describe('errorInTerms', () => {
  test('the prop is named by its flag, the component and the explanation stay', () => {
    const e = refusedWith('secretsLevel', '"Request" is refused: the API server does not redact Secret bodies.');
    expect([e.component, e.prop, e.message]).toEqual(['lib', '--secrets-level', 'lib: --secrets-level "Request" is refused: the API server does not redact Secret bodies.']);
    expect(refusedWith('providers[0].kms.name', '"a:b" is not a KMS v2 provider name.').message).toBe('lib: --kms-name "a:b" is not a KMS v2 provider name.');
  });

  test('an indexed prop under a `[]` key: the phrase receives the index', () => {
    expect(refusedWith('ageRecipients[2]', '"age1nope" is not an age recipient.').message).toBe('lib: recipient 3 of --age "age1nope" is not an age recipient.');
  });

  test('opt-ins and plain prop names in the explanation read as flags; names inside other words do not', () => {
    expect(refusedWith('providers[0]', 'is aescbc; use kms, or set allowAescbc: true.').message).toBe('lib: providers[0] is aescbc; use kms, or pass --allow-aescbc.');
    expect(refusedWith('encryptedSuffix', 'is set together with encryptedRegex; at most one of encryptedRegex, encryptedSuffix.').message)
      .toBe('lib: encryptedSuffix is set together with --encrypted-regex; at most one of --encrypted-regex, encryptedSuffix.');
    expect(refusedWith('x', 'see opts.encryptedRegex, --encryptedRegex-like and encryptedRegexes; allowAescbc alone is not an opt-in sentence.').message)
      .toBe('lib: x see opts.encryptedRegex, --encryptedRegex-like and encryptedRegexes; allowAescbc alone is not an opt-in sentence.');
  });

  test('a quoted value is the user\'s and stays as given; a phrase is inserted as it is written ($ included)', () => {
    expect(refusedWith('secretsLevel', '"encryptedRegex" is not an audit level; see encryptedRegex and "a \\"encryptedRegex\\" b".').message)
      .toBe('lib: --secrets-level "encryptedRegex" is not an audit level; see --encrypted-regex and "a \\"encryptedRegex\\" b".');
    const dollars: FlagTerms = { props: { secretsLevel: '$& and $\' and $1' } };
    expect(errorInTerms(new ValidationError('lib', 'x', 'see secretsLevel.'), dollars)).toMatchObject({ message: 'lib: x see $& and $\' and $1.' });
  });

  test('what the table does not know is thrown as it was: the same object', () => {
    const unknown = new ValidationError('lib', 'defaultLevel', '"Loud" is not an audit level.');
    expect(errorInTerms(unknown, TERMS)).toBe(unknown);
    const plain = new Error('secretsLevel broke');
    expect(errorInTerms(plain, TERMS)).toBe(plain);
    expect(errorInTerms('secretsLevel', TERMS)).toBe('secretsLevel');
    expect(inFlagTerms(TERMS, () => 42)).toBe(42);
  });

  test('redaction holds: a key in the explanation stays redacted in the new message', () => {
    const e = refusedWith('ageRecipients[0]', 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ is not a recipient.');
    expect(e.message).toBe('lib: recipient 1 of --age AGE-SECRET-KEY-<redacted> is not a recipient.');
  });
});

describe('warningInTerms', () => {
  test('drops the library component at the start and names opt-ins by their flags', () => {
    expect(warningInTerms('encryptionConfiguration: aescbc is weak; set allowAescbc: true only to migrate.', TERMS)).toBe('aescbc is weak; pass --allow-aescbc only to migrate.');
    expect(warningInTerms('other: encryptionConfiguration: kept', TERMS)).toBe('other: encryptionConfiguration: kept');
    expect(warningInTerms('encryptionConfiguration: kept', {})).toBe('encryptionConfiguration: kept');
  });
});
