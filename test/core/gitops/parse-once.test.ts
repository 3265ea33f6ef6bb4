/**
 * Sealing parses the controller certificate once per distinct PEM, not once per object, and SOPS encrypts
 * a document's data key to its X25519 age recipients in-process and to its post-quantum ones in one worker
 * round trip (issue 18); decryption with X25519 identities makes no worker call, with a post-quantum identity
 * one. Counted, not timed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ageDecrypt, ageEncrypt, ageKeygen, loadSealingCertificate, sealedSecretManifest, sopsDecrypt, sopsEncrypt } from '../../../src/core';
import { unseal } from '../../helpers/independent-unseal';

const mockWorkerOps: string[] = [];
jest.mock('synckit', () => {
  const actual = jest.requireActual('synckit');
  return {
    ...actual,
    createSyncFn: (...args: unknown[]) => {
      const fn = actual.createSyncFn(...args);
      return (op: string, opArgs: unknown) => {
        mockWorkerOps.push(op);
        return fn(op, opArgs);
      };
    },
  };
});

const mockParses = { count: 0 };
jest.mock('crypto', () => {
  const actual = jest.requireActual('crypto');
  class CountingX509Certificate extends actual.X509Certificate {
    public constructor(...args: unknown[]) {
      super(...args);
      mockParses.count++;
    }
  }
  return { ...actual, X509Certificate: CountingX509Certificate };
});

const mockCompiles: string[] = [];
jest.mock('re2js', () => {
  const actual = jest.requireActual('re2js');
  return {
    ...actual,
    RE2JS: new Proxy(actual.RE2JS, {
      get(target, prop, receiver) {
        if (prop === 'compile') {
          return (source: string, ...rest: unknown[]) => {
            mockCompiles.push(source);
            return target.compile(source, ...rest);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }),
  };
});

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');
// A distinct PEM text per test (a trailing comment after the block), so no other test's cache entry is hit.
const variant = (file: string, tag: string) => `${read(file)}\n# ${tag}\n`;

function countCertificateParses(run: () => void): number {
  const before = mockParses.count;
  run();
  return mockParses.count - before;
}

describe('the sealing certificate is parsed once per distinct PEM', () => {
  test('sealing 50 SealedSecrets with one certificate parses it once, and every value still unseals', () => {
    const pem = variant('test-cert.pem', 'fifty');
    const manifests: ReturnType<typeof sealedSecretManifest>[] = [];
    const parses = countCertificateParses(() => {
      for (let i = 0; i < 50; i++) {
        manifests.push(sealedSecretManifest({ name: `db-${i}`, namespace: 'payments', stringData: { password: `fake-password-${i}` }, certificate: pem }));
      }
    });
    expect(parses).toBe(1);
    const key = read('test-key.pem');
    expect(unseal(manifests[49].spec.encryptedData.password, key, 'payments/db-49').toString()).toBe('fake-password-49');
  });

  test('the validity is still checked on every call; the cache keeps no decision', () => {
    const pem = variant('expired-cert.pem', 'expired');
    const refused = 'SealedSecret: certificate expired on 2020-01-31T00:00:00.000Z; fetch the current one with kubeseal --fetch-cert, or set allowExpiredCertificate: true if you know this key is still active.';
    expect(() => loadSealingCertificate(pem)).toThrow(refused);
    expect(loadSealingCertificate(pem, { allowExpiredCertificate: true }).modulusBits).toBe(2048);
    expect(() => loadSealingCertificate(pem)).toThrow(refused);
    expect(() => loadSealingCertificate(pem, { now: new Date('2000-01-01T00:00:00Z') })).toThrow('SealedSecret: certificate is not valid before');
    // Refused certificates are parsed (and refused) again each time.
    expect(countCertificateParses(() => {
      for (let i = 0; i < 3; i++) {
        expect(() => loadSealingCertificate(variant('weak-1024-cert.pem', 'weak'))).toThrow('at least 2048 are required');
      }
    })).toBe(3);
  });

  test('each caller gets its own validTo, and the cache is bounded (oldest out first)', () => {
    const pem = variant('test-cert.pem', 'copies');
    const a = loadSealingCertificate(pem);
    a.validTo.setTime(0);
    expect(loadSealingCertificate(pem).validTo.getTime()).toBeGreaterThan(0);
    const pems = Array.from({ length: 40 }, (_, i) => variant('test-cert.pem', `bounded-${i}`));
    expect(countCertificateParses(() => pems.forEach(p => loadSealingCertificate(p)))).toBe(40);
    expect(countCertificateParses(() => loadSealingCertificate(pems[39]))).toBe(0);
    expect(countCertificateParses(() => loadSealingCertificate(pems[0]))).toBe(1);
  });
});

describe('SOPS: at most one worker round trip per document, none for X25519 recipients', () => {
  test('the encryption rule (a Go regular expression) is compiled once for many documents', () => {
    const { recipient } = ageKeygen();
    const rule = '^(data|stringData|parse-once-test)$';
    for (let i = 0; i < 10; i++) {
      sopsEncrypt({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s${i}` }, stringData: { password: 'fake-password-not-real' } }, { ageRecipients: [recipient], encryptedRegex: rule });
    }
    expect(mockCompiles.filter(source => source === rule)).toHaveLength(1);
  });

  test('the default rule (^(data|stringData)$) compiles no regular expression at all', () => {
    const { recipient } = ageKeygen();
    mockCompiles.length = 0;
    for (let i = 0; i < 3; i++) {
      sopsEncrypt({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `d${i}` }, stringData: { password: 'fake-password-not-real' } }, { ageRecipients: [recipient] });
    }
    expect(mockCompiles).toEqual([]);
  });

  test('three X25519 recipients: no worker call at all (in-process), and each identity decrypts', () => {
    const keys = [ageKeygen(), ageKeygen(), ageKeygen()];
    mockWorkerOps.length = 0;
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { password: 'fake-password-not-real' } };
    const encrypted = sopsEncrypt(secret, { ageRecipients: keys.map(k => k.recipient) });
    expect(mockWorkerOps).toEqual([]);
    const age = (encrypted as Map<string, any>).get('sops').get('age') as Map<string, string>[];
    expect(age.map(a => a.get('recipient'))).toEqual(keys.map(k => k.recipient));
    for (const k of keys) {
      expect((sopsDecrypt(encrypted, { ageIdentities: [k.identity] }).document as Map<string, any>).get('stringData').get('password')).toBe('fake-password-not-real');
    }
  });

  test('two post-quantum recipients among X25519 ones: one encryptMany call for both, the order kept', () => {
    const keys = [ageKeygen({ postQuantum: true }), ageKeygen(), ageKeygen({ postQuantum: true })];
    mockWorkerOps.length = 0;
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { password: 'fake-password-not-real' } };
    const encrypted = sopsEncrypt(secret, { ageRecipients: keys.map(k => k.recipient) });
    expect(mockWorkerOps).toEqual(['encryptMany']);
    const age = (encrypted as Map<string, any>).get('sops').get('age') as Map<string, string>[];
    expect(age.map(a => a.get('recipient'))).toEqual(keys.map(k => k.recipient));
    for (const k of keys) {
      expect((sopsDecrypt(encrypted, { ageIdentities: [k.identity] }).document as Map<string, any>).get('stringData').get('password')).toBe('fake-password-not-real');
    }
  });
});

describe('age decryption: in-process for X25519 identities, the worker when one is post-quantum', () => {
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { password: 'fake-password-not-real' } };
  const password = (encrypted: unknown, ageIdentities: string[]) => (sopsDecrypt(encrypted, { ageIdentities }).document as Map<string, any>).get('stringData').get('password');

  test('X25519 identities: no worker call, for a wrong identity either', () => {
    const keys = [ageKeygen(), ageKeygen()];
    const encrypted = sopsEncrypt(secret, { ageRecipients: [keys[0].recipient] });
    const armored = ageEncrypt(keys[1].recipient, Buffer.from('fake-data-key'));
    mockWorkerOps.length = 0;
    expect(password(encrypted, [keys[1].identity, keys[0].identity])).toBe('fake-password-not-real');
    expect(ageDecrypt(armored, [keys[1].identity]).toString()).toBe('fake-data-key');
    expect(() => ageDecrypt(armored, [keys[0].identity])).toThrow('does not decrypt with these identities');
    expect(mockWorkerOps).toEqual([]);
  });

  test('a post-quantum identity (alone or with X25519 ones): one decrypt call to the worker per age file', () => {
    const pq = ageKeygen({ postQuantum: true });
    const x = ageKeygen();
    const encrypted = sopsEncrypt(secret, { ageRecipients: [pq.recipient] });
    const armored = ageEncrypt(x.recipient, Buffer.from('fake-data-key'));
    mockWorkerOps.length = 0;
    expect(password(encrypted, [pq.identity])).toBe('fake-password-not-real');
    expect(ageDecrypt(armored, [x.identity, pq.identity]).toString()).toBe('fake-data-key');
    expect(mockWorkerOps).toEqual(['decrypt', 'decrypt']);
  });
});
