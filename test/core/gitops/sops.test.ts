import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import {
  SOPS_KUBERNETES_ENCRYPTED_REGEX, ValidationError, ageDecrypt, ageKeygen, ageRecipientOf, fromSopsTree, isSopsEncrypted, parseAgeIdentities,
  sopsConfigYaml, sopsDecrypt, sopsDecryptWithDataKey, sopsEncrypt, sopsSecretManifest,
} from '../../../src/core';
import { decryptSopsValue, defaultRuleFinds } from '../../../src/core/gitops/sops';
import { compileGoRegex } from '../../../src/core/validate/re2';
import { independentSopsDecrypt } from '../../helpers/independent-sops';
import { expectValidManifests } from '../../helpers/schema';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sops');
const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const parse = (text: string) => parseDocument(text).toJS({ mapAsMap: true });

const AGE_FIXTURES: Array<[string, string]> = [
  ['k8s-secret-v3.9.0', 'flux-kustomize-controller-age.txt'],
  ['k8s-secret-v3.10.2', 'flux-kustomize-controller-age-global.txt'],
  ['nested-list-v3.7.1', 'sops-nix-age.txt'],
  ['types-nested-v3.8.1', 'sops-age-npm-age.txt'],
  ['multiline-int-v3.7.1', 'helm-secrets-age.txt'],
];

describe('sopsDecrypt against the upstream age fixtures', () => {
  test.each(AGE_FIXTURES)('%s decrypts with its age key and the MAC verifies', (name, keyFile) => {
    const expected = JSON.parse(read('expected', `${name}.expected.json`));
    const result = sopsDecrypt(parse(read('encrypted', `${name}.sops.yaml`)), { ageIdentities: parseAgeIdentities(read('keys', keyFile)) });
    expect(result.mac).toBe(expected.macHex);
    expect(fromSopsTree(result.document)).toEqual(expected.documents[0]);
  });

  test('the PGP-wrapped fixture decrypts with its data key; its encrypted comments too', () => {
    const expected = JSON.parse(read('expected', 'comments-pgp-v3.6.1.expected.json'));
    const key = Buffer.from(expected.dataKeyHex, 'hex');
    const result = sopsDecryptWithDataKey(parse(read('encrypted', 'comments-pgp-v3.6.1.sops.yaml')), key);
    expect(result.mac).toBe(expected.macHex);
    expect(fromSopsTree(result.document)).toEqual(expected.documents[0]);
    for (const comment of expected.comments) {
      expect(decryptSopsValue(comment.ciphertext, key, comment.aad)).toBe(comment.plaintext);
    }
  });

  test('the age keysource fixture: an armored age file decrypts to "data"', () => {
    const identities = parseAgeIdentities(read('keys', 'sops-age-keysource-test-identity.txt'));
    expect(ageDecrypt(read('encrypted', 'age-armored-plaintext-data.age'), identities).toString()).toBe('data');
  });

  test('a wrong identity, a modified value and a reordered document are refused', () => {
    const text = read('encrypted', 'k8s-secret-v3.9.0.sops.yaml');
    const identities = parseAgeIdentities(read('keys', 'flux-kustomize-controller-age.txt'));
    expect(() => sopsDecrypt(parse(text), { ageIdentities: [ageKeygen().identity] }))
      .toThrow('sopsDecrypt: ageIdentities match none of the file\'s recipients ("age1l44xcng8dqj32nlv6d930qvvrny05hglzcv9qpc7kxjc6902ma4qufys29").');
    expect(() => sopsDecrypt(parse(text.replace('name: age', 'name: renamed')), { ageIdentities: identities }))
      .toThrow('sopsDecrypt: sops.mac does not match the decrypted values: the file was modified after encryption (values or key order changed).');
    const reordered = text.replace('apiVersion: v1\nkind: Secret\n', 'kind: Secret\napiVersion: v1\n');
    expect(() => sopsDecrypt(parse(reordered), { ageIdentities: identities })).toThrow('sops.mac does not match');
    const moved = text.replace('stringData:\n  key:', 'stringData:\n  other:');
    expect(() => sopsDecrypt(parse(moved), { ageIdentities: identities })).toThrow('sops: stringData.other does not decrypt with this data key and path: the file was tampered with, or the value was moved.');
  });
});

describe('sopsEncrypt', () => {
  const { identity, recipient } = ageKeygen();
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'api-keys', namespace: 'payments' },
    stringData: { token: 'fake-token-for-tests', empty: '' },
    type: 'Opaque',
  };

  test('encrypts only data/stringData, keeps the rest readable, appends the sops 3.9 block, round-trips', () => {
    const encrypted = sopsEncrypt(secret, { ageRecipients: [recipient], lastModified: new Date('2026-11-22T10:00:00.123Z') }) as Map<string, any>;
    expect([...encrypted.keys()]).toEqual(['apiVersion', 'kind', 'metadata', 'stringData', 'type', 'sops']);
    const plain = fromSopsTree(encrypted) as any;
    expect(plain.metadata).toEqual({ name: 'api-keys', namespace: 'payments' });
    expect(plain.type).toBe('Opaque');
    expect(plain.stringData.token).toMatch(/^ENC\[AES256_GCM,data:[^,]+,iv:[^,]+,tag:[^,]+,type:str\]$/);
    expect(plain.stringData.empty).toBe('');
    expect(Object.keys(plain.sops)).toEqual(['kms', 'gcp_kms', 'azure_kv', 'hc_vault', 'age', 'lastmodified', 'mac', 'pgp', 'encrypted_regex', 'version']);
    expect(plain.sops.lastmodified).toBe('2026-11-22T10:00:00Z');
    expect(plain.sops.encrypted_regex).toBe('^(data|stringData)$');
    expect(plain.sops.version).toBe('3.9.0');
    expect(plain.sops.age).toEqual([{ recipient, enc: expect.stringMatching(/^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+-----END AGE ENCRYPTED FILE-----\n?$/) }]);
    expect(JSON.stringify(plain)).not.toContain('fake-token-for-tests');
    expect(isSopsEncrypted(plain)).toBe(true);
    expect(isSopsEncrypted(secret)).toBe(false);

    // Through YAML text and back: decrypts, the MAC verifies.
    const yaml = stringify(encrypted);
    const result = sopsDecrypt(parse(yaml), { ageIdentities: [identity] });
    expect(fromSopsTree(result.document)).toEqual(secret);
  });

  test('several recipients each decrypt; other rules; typed values', () => {
    const second = ageKeygen();
    const doc = { name: 'x', password: 'fake-password', port: 5432, ratio: 0.5, enabled: true, list: ['a', 'b'], nested: { key: 'fake', nothing: null } };
    const encrypted = sopsEncrypt(doc, { ageRecipients: [recipient, second.recipient], unencryptedRegex: '^name$' });
    const plain = fromSopsTree(encrypted) as any;
    expect(plain.name).toBe('x');
    expect(plain.port).toMatch(/type:int\]$/);
    expect(plain.ratio).toMatch(/type:float\]$/);
    expect(plain.enabled).toMatch(/type:bool\]$/);
    expect(plain.nested.nothing).toBeNull();
    expect(plain.sops.unencrypted_regex).toBe('^name$');
    for (const id of [identity, second.identity]) {
      expect(fromSopsTree(sopsDecrypt(parse(stringify(encrypted)), { ageIdentities: [id] }).document)).toEqual(doc);
    }
    expect(ageRecipientOf(second.identity)).toBe(second.recipient);
  });

  test.each<[string, () => unknown, string]>([
    ['no recipients', () => sopsEncrypt(secret, { ageRecipients: [] }),
      'sopsEncrypt: ageRecipients is empty; give at least one age recipient (age1...) that can decrypt, typically the cluster\'s (Flux) key and a break-glass key.'],
    ['a bad recipient', () => sopsEncrypt(secret, { ageRecipients: ['age1short'] }),
      'sopsEncrypt: ageRecipients[0] "age1short" is not an age recipient; expected "age1" followed by 58 bech32 characters (X25519, the public key printed by age-keygen), or a post-quantum "age1pq1..." recipient (age-keygen -pq; decrypting needs SOPS 3.12.0 or later, Flux kustomize-controller v1.9.0 or later, the age CLI v1.3.0 or later).'],
    ['two rules', () => sopsEncrypt(secret, { ageRecipients: [recipient], encryptedRegex: 'a', unencryptedSuffix: '_x' }),
      'sopsEncrypt: unencryptedSuffix is set together with encryptedRegex; SOPS allows at most one of encryptedRegex, unencryptedRegex, encryptedSuffix and unencryptedSuffix.'],
    ['an encrypted document', () => sopsEncrypt({ a: 1, sops: {} }, { ageRecipients: [recipient] }),
      'sopsEncrypt: document already has a sops key; it is encrypted already (decrypt it first to re-encrypt).'],
    ['an exponent float', () => sopsEncrypt({ data: { x: 1e-9 } }, { ageRecipients: [recipient] }),
      'sops: data.x holds a number that SOPS cannot round-trip here (written with an exponent; the value is not echoed); quote it as a string.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });

  test('identity files: comments skipped, a malformed line refused without echoing it', () => {
    expect(parseAgeIdentities(`# created: x\n# public key: ${recipient}\n${identity}\n`)).toEqual([identity]);
    expect(() => parseAgeIdentities('AGE-SECRET-KEY-1NOTAKEY')).toThrow('parseAgeIdentities: line 1 is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.');
  });
});

describe('the SOPS rule, evaluated as sops does (Go regexp, unanchored, every key on the path)', () => {
  const { identity, recipient } = ageKeygen();
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: { password: 'fake-pw', token: 'fake-token' } };
  const encryptedPaths = (rule: Record<string, string>) => {
    const text = stringify(sopsEncrypt(secret, { ageRecipients: [recipient], ...rule }));
    return independentSopsDecrypt(text, identity).encryptedPaths;
  };

  test('unanchored like regexp.Match: "Data" selects stringData; Go-only syntax ([[:alpha:]]) works; any key on the path counts', () => {
    expect(encryptedPaths({ encryptedRegex: 'Data' })).toEqual(['stringData.password', 'stringData.token']);
    expect(encryptedPaths({ encryptedRegex: '^[[:alpha:]]+Data$' })).toEqual(['stringData.password', 'stringData.token']);
    expect(encryptedPaths({ encryptedSuffix: 'Data' })).toEqual(['stringData.password', 'stringData.token']);
    expect(encryptedPaths({ unencryptedRegex: '^(apiVersion|kind|metadata)$' })).toEqual(['stringData.password', 'stringData.token']);
  });

  test('a rule that would leave a Secret value in plaintext is refused by sopsEncrypt itself, whatever calls it', () => {
    expect(() => sopsEncrypt(secret, { ageRecipients: [recipient], encryptedRegex: '^password$' }))
      .toThrow('sopsEncrypt: encryptedRegex "^password$" would leave stringData["token"] unencrypted: sops applies the rule to each key of the path ("stringData", "token") and would write this value in plaintext.');
    expect(() => sopsEncrypt(secret, { ageRecipients: [recipient], unencryptedSuffix: 'Data' })).toThrow('sopsEncrypt: unencryptedSuffix "Data" would leave stringData["password"] unencrypted');
    expect(() => sopsEncrypt({ ...secret, kind: 'secret' }, { ageRecipients: [recipient], encryptedRegex: '^nothing$' })).toThrow('sopsEncrypt: encryptedRegex "^nothing$" would leave stringData["password"] unencrypted');
    // Not a Secret: any rule is the caller's business.
    expect(() => sopsEncrypt({ config: { password: 'x' } }, { ageRecipients: [recipient], encryptedRegex: '^nothing$' })).not.toThrow();
  });

  test('the default rule, matched without re2js, finds exactly the keys RE2 finds with ^(data|stringData)$', () => {
    const re = compileGoRegex('test', 'encryptedRegex', SOPS_KUBERNETES_ENCRYPTED_REGEX, 'a Go (RE2) regular expression');
    const keys = ['data', 'stringData', 'Data', 'stringdata', 'StringData', 'xdata', 'datax', 'data\n', '\ndata', 'data\r', 'stringData\n', 'data ', ' data',
      'data\u0000', 'dat', '', 'metadata', 'stringDataX', 'data|stringData', '(data)', 'ｄａｔａ'];
    for (const key of keys) {
      expect({ key, finds: defaultRuleFinds(key) }).toEqual({ key, finds: re.find(key) });
    }
    const parts = fc.constantFrom('data', 'stringData', 'Data', '\n', '\r', ' ', '^', '$', '|', 'x', 'String', '\u2028');
    fc.assert(fc.property(fc.array(parts, { maxLength: 4 }).map(p => p.join('')), key => defaultRuleFinds(key) === re.find(key)), { numRuns: 500 });
  });

  test('RE2 syntax: lookahead and back-references are refused as Go refuses them', () => {
    expect(() => sopsEncrypt(secret, { ageRecipients: [recipient], encryptedRegex: '^(?=data)' }))
      .toThrow('sopsEncrypt: encryptedRegex "^(?=data)" is not a Go (RE2) regular expression, as sops compiles it (invalid or unsupported Perl syntax: `(?=`)');
    expect(() => sopsEncrypt(secret, { ageRecipients: [recipient], unencryptedRegex: '(a)\\1' })).toThrow('sopsEncrypt: unencryptedRegex "(a)\\\\1" is not a Go (RE2) regular expression');
    expect(() => sopsConfigYaml([{ pathRegex: '(?<!x)\\.yaml$', ageRecipients: [recipient] }]))
      .toThrow('sopsConfigYaml: rules[0].pathRegex "(?<!x)\\\\.yaml$" is not a Go (RE2) regular expression, as sops compiles it');
    expect(() => sopsConfigYaml([{ encryptedRegex: '^(data|stringData)$(?!x)', ageRecipients: [recipient] }])).toThrow('sopsConfigYaml: rules[0].encryptedRegex');
    expect(() => sopsConfigYaml('rules' as unknown as [])).toThrow('sopsConfigYaml: rules must be a list of a creation rule ({ ageRecipients, pathRegex?, encryptedRegex? }); received a string "rules" (wrap a single value in [ ]).');
    expect(sopsConfigYaml([{ pathRegex: '[[:alnum:]]+\\.k8s\\.yaml$', ageRecipients: [recipient] }])).toContain('path_regex: "[[:alnum:]]+\\\\.k8s\\\\.yaml$"');
  });
});

describe('sopsSecretManifest (the core builder behind SopsSecret)', () => {
  const { identity, recipient } = ageKeygen();

  test('an encrypted Secret that decrypts independently; labels, annotations, type, immutable', () => {
    const manifest = sopsSecretManifest({
      name: 'api-keys',
      namespace: 'payments',
      ageRecipients: [recipient],
      stringData: { token: 'fake-token-1' },
      labels: { app: 'api' },
      annotations: { owner: 'platform' },
      type: 'Opaque',
      immutable: true,
    });
    expect(manifest.kind).toBe('Secret');
    expect(JSON.stringify(manifest)).not.toContain('fake-token-1');
    const { sops, ...secret } = manifest;
    expect(sops.encrypted_regex).toBe('^(data|stringData)$');
    expectValidManifests([{ ...secret, stringData: {} }]);
    const result = independentSopsDecrypt(stringify(manifest), identity);
    expect(result.macVerified).toBe(true);
    expect(result.document).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'api-keys', namespace: 'payments', labels: { app: 'api' }, annotations: { owner: 'platform' } },
      type: 'Opaque',
      stringData: { token: 'fake-token-1' },
      immutable: true,
    });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['an empty value', { stringData: { a: '' } }, 'SopsSecret: stringData["a"] is empty; a secret value must not be empty: check that the environment variable or file it comes from is set.'],
    ['no values', { stringData: {} }, 'SopsSecret: stringData is empty; give the values to encrypt.'],
    ['a bad key', { stringData: { 'a b': 'x' } }, 'SopsSecret: stringData["a b"] "a b" is not a valid Secret key'],
    ['a rule leaving a value unencrypted', { stringData: { a: 'x' }, unencryptedRegex: 'string' }, 'SopsSecret: unencryptedRegex "string" would leave stringData["a"] unencrypted'],
    ['immutable as a string', { stringData: { a: 'x' }, immutable: 'true' }, 'SopsSecret: immutable must be true or false; received a string "true".'],
    ['a bad label', { stringData: { a: 'x' }, labels: { app: 'a b' } }, 'SopsSecret: labels["app"] "a b" is not a valid label value'],
    ['a type that is not a string', { stringData: { a: 'x' }, type: 5 }, 'SopsSecret: type must be a string; received a number; give a Secret type such as "Opaque" or "kubernetes.io/tls".'],
  ])('refuses %s', (_, extra, message) => {
    expect(() => sopsSecretManifest({ name: 'x', ageRecipients: [recipient], stringData: {}, ...extra } as Parameters<typeof sopsSecretManifest>[0])).toThrow(message);
  });
});

describe('lists of identities and recipients are real lists without holes', () => {
  const { recipient } = ageKeygen();
  test.each<[string, () => unknown, string]>([
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in ageIdentities', () => sopsDecrypt({ sops: { age: [{ recipient, enc: 'x' }], mac: 'x' } }, { ageIdentities: [, 'x'] as unknown as string[] }),
      'sopsDecrypt: ageIdentities[0] is a hole in the list; every entry of ageIdentities must be an age identity (AGE-SECRET-KEY-1...).'],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in ageRecipients', () => sopsEncrypt({ a: 'b' }, { ageRecipients: [, recipient] as unknown as string[] }),
      'sopsEncrypt: ageRecipients[0] is a hole in the list; every entry of ageRecipients must be an age recipient (age1...).'],
    // eslint-disable-next-line no-sparse-arrays
    ['a hole in ageDecrypt identities', () => ageDecrypt('x', [, 'y'] as unknown as string[]),
      'ageDecrypt: identities[0] is a hole in the list; every entry of identities must be an age identity (AGE-SECRET-KEY-1...).'],
    ['a non-string key file', () => parseAgeIdentities(42 as unknown as string), 'parseAgeIdentities: text must be the text of an age key file; received a number.'],
  ])('%s', (_, run, message) => {
    expect(run).toThrow(ValidationError);
    expect(run).toThrow(message);
  });
});
