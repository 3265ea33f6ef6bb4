/**
 * Post-quantum hybrid age recipients (`age1pq1...`, ML-KEM-768 + X25519): the installed age-encryption
 * (typage 0.3.1) encrypts and decrypts them, SOPS reads them since v3.12.0 and Flux kustomize-controller
 * since v1.9.0; the upstream Flux fixture written by SOPS 3.12.1 decrypts with the library.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument, stringify } from 'yaml';
import {
  AGE_PQ_SUPPORT, ageDecrypt, ageEncrypt, ageKeygen, ageRecipientOf, fromSopsTree, parseAgeIdentities, sopsDecrypt, sopsEncrypt, sopsSecretManifest,
} from '../../../src/core';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'sops');
const read = (...p: string[]) => fs.readFileSync(path.join(FIXTURES, ...p), 'utf8');
const parse = (text: string) => parseDocument(text).toJS({ mapAsMap: true });

describe('post-quantum age recipients', () => {
  const pq = ageKeygen({ postQuantum: true });

  test('keygen, recipient, encrypt and decrypt', () => {
    expect(pq.identity).toMatch(/^AGE-SECRET-KEY-PQ-1[02-9AC-HJ-NP-Z]{58}$/);
    expect(pq.recipient).toMatch(/^age1pq1[02-9ac-hj-np-z]{1952}$/);
    expect(ageRecipientOf(pq.identity)).toBe(pq.recipient);
    const armored = ageEncrypt(pq.recipient, Buffer.from('obviously-fake'));
    expect(Buffer.from(armored.split('\n').slice(1, -2).join(''), 'base64').toString('latin1')).toContain('-> mlkem768x25519 ');
    expect(ageDecrypt(armored, [pq.identity]).toString()).toBe('obviously-fake');
    expect(() => ageDecrypt(armored, [ageKeygen().identity])).toThrow('ageDecrypt: armored does not decrypt with these identities');
  });

  test('sops with a post-quantum and an X25519 recipient: either decrypts', () => {
    const x = ageKeygen();
    const doc = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'obviously-fake' } };
    const encrypted = sopsEncrypt(doc, { ageRecipients: [pq.recipient, x.recipient] });
    for (const id of [pq.identity, x.identity]) {
      expect(fromSopsTree(sopsDecrypt(parse(stringify(encrypted)), { ageIdentities: [id] }).document)).toEqual(doc);
    }
    const m = sopsSecretManifest({ name: 'db', namespace: 'payments', stringData: { password: 'obviously-fake' }, ageRecipients: [pq.recipient] });
    expect(JSON.stringify(m)).not.toContain('obviously-fake');
  });

  test('the upstream Flux fixture (SOPS 3.12.1, post-quantum) decrypts', () => {
    const identities = parseAgeIdentities(read('keys', 'flux-kustomize-controller-age-pq.txt'));
    expect(identities[0]).toMatch(/^AGE-SECRET-KEY-PQ-1/);
    const result = sopsDecrypt(parse(read('encrypted', 'k8s-secret-age-pq-v3.12.1.sops.yaml')), { ageIdentities: identities });
    expect(fromSopsTree(result.document)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'age-pq' }, stringData: { key: 'value' } });
    expect(() => sopsDecrypt(parse(read('encrypted', 'k8s-secret-age-pq-v3.12.1.sops.yaml')), { ageIdentities: [ageKeygen().identity] }))
      .toThrow('sopsDecrypt: ageIdentities match none of the file\'s recipients ("age1pq1ehusfwsvrente8p6g...").');
  });

  test('refusals name the tool versions that accept them', () => {
    expect(AGE_PQ_SUPPORT).toBe('SOPS 3.12.0 or later, Flux kustomize-controller v1.9.0 or later, the age CLI v1.3.0 or later');
    expect(() => sopsEncrypt({ a: 'b' }, { ageRecipients: [pq.recipient.slice(0, 500)] }))
      .toThrow(`sopsEncrypt: ageRecipients[0] "${pq.recipient.slice(0, 20)}..." is not a valid post-quantum age recipient: expected "age1pq1" followed by 1952 bech32 characters (received 493); copy the whole public key printed by age-keygen -pq.`);
    expect(() => sopsEncrypt({ a: 'b' }, { ageRecipients: ['age1tag1qqqqqqqqqq'] }))
      .toThrow('sopsEncrypt: ageRecipients[0] "age1tag1qqqqqqqqqq" is a tag or plugin age recipient, which SOPS cannot use; give an X25519 ("age1...") or post-quantum ("age1pq1...") recipient.');
    expect(() => ageKeygen({ postQuantum: 'yes' as never })).toThrow('ageKeygen: postQuantum must be the boolean true to opt in');
  });
});
