import * as fs from 'fs';
import * as path from 'path';
import { parseDocument, stringify } from 'yaml';
import { ValidationError, ageDecrypt, ageKeygen, ageRecipientOf, fromSopsTree, isSopsEncrypted, parseAgeIdentities, sopsDecrypt, sopsDecryptWithDataKey, sopsEncrypt } from '../../../src/core';
import { decryptSopsValue } from '../../../src/core/gitops/sops';

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
      'sopsEncrypt: ageRecipients[0] "age1short" is not an age X25519 recipient; expected "age1" followed by 58 bech32 characters (the public key printed by age-keygen).'],
    ['two rules', () => sopsEncrypt(secret, { ageRecipients: [recipient], encryptedRegex: 'a', unencryptedSuffix: '_x' }),
      'sopsEncrypt: unencryptedSuffix is set together with encryptedRegex; SOPS allows at most one of encryptedRegex, unencryptedRegex, encryptedSuffix and unencryptedSuffix.'],
    ['an encrypted document', () => sopsEncrypt({ a: 1, sops: {} }, { ageRecipients: [recipient] }),
      'sopsEncrypt: document already has a sops key; it is encrypted already (decrypt it first to re-encrypt).'],
    ['an exponent float', () => sopsEncrypt({ data: { x: 1e-9 } }, { ageRecipients: [recipient] }),
      'sops: data.x holds the number 1e-9, which SOPS cannot round-trip here; quote it as a string.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });

  test('identity files: comments skipped, a malformed line refused without echoing it', () => {
    expect(parseAgeIdentities(`# created: x\n# public key: ${recipient}\n${identity}\n`)).toEqual([identity]);
    expect(() => parseAgeIdentities('AGE-SECRET-KEY-1NOTAKEY')).toThrow('parseAgeIdentities: line 1 is not an age identity (AGE-SECRET-KEY-1...); the key itself is not echoed.');
  });
});
