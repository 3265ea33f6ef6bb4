import * as fs from 'fs';
import * as path from 'path';
import { SealingScope, ValidationError, loadSealingCertificate, sealValue, sealedSecretManifest, sealingLabel } from '../../../src/core';
import { checkSealedValue } from '../../../src/core/gitops/sealing';
import { reEncrypt } from '../../helpers/independent-rotate';
import { unseal } from '../../helpers/independent-unseal';
import { expectValidManifests } from '../../helpers/schema';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets');
const read = (f: string) => fs.readFileSync(path.join(FIX, f), 'utf8');
const CERT = read('test-cert.pem');
const KEY = read('test-key.pem');
const FAKE = 'fake-password-not-real';

describe('sealing', () => {
  test('the controller certificate is checked: RSA, >= 2048 bits, valid', () => {
    const cert = loadSealingCertificate(CERT);
    expect(cert.modulusBits).toBe(2048);
    expect(loadSealingCertificate(read('test-cert-4096.pem')).modulusBits).toBe(4096);
    expect(() => loadSealingCertificate(read('ec-cert.pem'))).toThrow('SealedSecret: certificate has a ec public key; the sealed-secrets controller certificate carries an RSA key.');
    expect(() => loadSealingCertificate(read('weak-1024-cert.pem'))).toThrow('SealedSecret: certificate has an RSA key of 1024 bits; at least 2048 are required (the controller generates 4096).');
    expect(() => loadSealingCertificate(read('expired-cert.pem'))).toThrow('SealedSecret: certificate expired on 2020-01-31T00:00:00.000Z; fetch the current one with kubeseal --fetch-cert, or set allowExpiredCertificate: true if you know this key is still active.');
    expect(loadSealingCertificate(read('expired-cert.pem'), { allowExpiredCertificate: true }).modulusBits).toBe(2048);
    expect(() => loadSealingCertificate(KEY)).toThrow('SealedSecret: certificate is not a PEM certificate; pass the sealed-secrets controller certificate (kubeseal --fetch-cert > pub-cert.pem), not a key or a file name.');
    expect(() => loadSealingCertificate('pub-cert.pem')).toThrow(ValidationError);
  });

  test('labels per scope, as the controller computes them', () => {
    expect(sealingLabel(SealingScope.STRICT, 'payments', 'db').toString()).toBe('payments/db');
    expect(sealingLabel(SealingScope.NAMESPACE_WIDE, 'payments', 'db').toString()).toBe('payments');
    expect(sealingLabel(SealingScope.CLUSTER_WIDE, undefined, undefined).length).toBe(0);
    expect(() => sealingLabel(SealingScope.STRICT, undefined, 'db')).toThrow('SealedSecret: namespace is missing; a strict SealedSecret is bound to its name and namespace, so both must be known when sealing.');
  });

  test.each<[SealingScope, string]>([
    [SealingScope.STRICT, 'payments/database-credentials'],
    [SealingScope.NAMESPACE_WIDE, 'payments'],
    [SealingScope.CLUSTER_WIDE, ''],
  ])('an independent decryptor recovers each value sealed with scope %s, and only with the right label', (scope, label) => {
    const manifest = sealedSecretManifest({ name: 'database-credentials', namespace: 'payments', scope, certificate: CERT, stringData: { username: 'admin', password: FAKE } });
    expectValidManifests([manifest]);
    const data = manifest.spec.encryptedData;
    expect(Object.keys(data)).toEqual(['password', 'username']);
    expect(unseal(data.password, KEY, label)).toBe(FAKE);
    expect(unseal(data.username, KEY, label)).toBe('admin');
    // Renamed (strict) or moved to another namespace (strict, namespace-wide): the label differs, decryption fails.
    if (scope !== SealingScope.CLUSTER_WIDE) {
      expect(() => unseal(data.password, KEY, scope === SealingScope.STRICT ? 'payments/renamed' : 'orders')).toThrow();
      expect(() => unseal(data.password, KEY, scope === SealingScope.STRICT ? 'orders/database-credentials' : 'other')).toThrow();
    }
    expect(JSON.stringify(manifest)).not.toContain(FAKE);
  });

  test('scope annotations on the SealedSecret and its template; template type, labels, annotations, immutable', () => {
    const manifest = sealedSecretManifest({
      name: 'tls',
      namespace: 'payments',
      scope: SealingScope.NAMESPACE_WIDE,
      certificate: CERT,
      stringData: { 'tls.crt': 'fake-cert', 'tls.key': 'fake-key' },
      type: 'kubernetes.io/tls',
      labels: { app: 'api' },
      annotations: { 'reloader.stakater.com/match': 'true' },
      immutable: true,
    });
    // Issue 10: the SealedSecret's own metadata is its template's (labels and annotations included), what
    // sealed-secrets v0.36 `kubeseal --re-encrypt` needs to keep them (see the re-encrypt test below).
    const meta = { name: 'tls', namespace: 'payments', labels: { app: 'api' }, annotations: { 'reloader.stakater.com/match': 'true', 'sealedsecrets.bitnami.com/namespace-wide': 'true' } };
    expect(manifest.metadata).toEqual(meta);
    expect(manifest.spec.template).toEqual({
      metadata: meta,
      type: 'kubernetes.io/tls',
      immutable: true,
    });
    expect(manifest.metadata).not.toBe(manifest.spec.template.metadata);
    const cluster = sealedSecretManifest({ name: 'x', namespace: 'payments', scope: SealingScope.CLUSTER_WIDE, certificate: CERT, stringData: { a: 'b' } });
    expect(cluster.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expectValidManifests([manifest, cluster]);
  });

  test('pre-sealed values pass through unchanged', () => {
    const sealed = sealValue(loadSealingCertificate(CERT), Buffer.from('payments/db'), Buffer.from(FAKE));
    const manifest = sealedSecretManifest({ name: 'db', namespace: 'payments', encryptedData: { password: sealed } });
    expect(manifest.spec.encryptedData).toEqual({ password: sealed });
    expect(manifest.spec.template.type).toBe('Opaque');
    expect(checkSealedValue('X', 'v', sealed)).toBe(sealed);
  });

  const sealed = () => sealValue(loadSealingCertificate(CERT), Buffer.from('payments/db'), Buffer.from('x'));
  test.each<[string, () => unknown, string]>([
    ['plaintext in encryptedData', () => sealedSecretManifest({ name: 'db', namespace: 'payments', encryptedData: { password: 'hunter2-fake' } }),
      'SealedSecret: encryptedData["password"] is not a sealed value (base64 of a 2-byte length, an RSA ciphertext of 256 to 512 bytes and an AES-GCM ciphertext); seal it with kube-secure-secrets seal or kubeseal, or pass the plaintext in stringData. The value is not echoed.'],
    ['an empty value', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: { password: '' } }),
      'SealedSecret: stringData["password"] is empty; a secret value must not be empty: check that the environment variable or file it comes from is set.'],
    ['a number as a value', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: { pin: 123 as unknown as string } }),
      'SealedSecret: stringData["pin"] must be a string; received a number (the value is not echoed). Quote numbers and booleans, or convert them to strings.'],
    ['stringData as a string', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: 'hunter2' as unknown as Record<string, string> }),
      'SealedSecret: stringData must be a map of Secret keys to the values to seal; received a string.'],
    ['allowExpiredCertificate as a string', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: read('expired-cert.pem'), stringData: { a: 'b' }, allowExpiredCertificate: 'false' as unknown as boolean }),
      'SealedSecret: allowExpiredCertificate must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['immutable as a string', () => sealedSecretManifest({ name: 'db', namespace: 'payments', encryptedData: { a: sealed() }, immutable: 'yes' as unknown as boolean }),
      'SealedSecret: immutable must be true or false; received a string "yes".'],
    ['an invalid key', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: { 'db password': 'x' } }),
      'SealedSecret: stringData["db password"] "db password" is not a valid Secret key; use letters, digits, \'-\', \'_\' and \'.\' only (^[-._a-zA-Z0-9]+$, at most 253 characters).'],
    ['stringData without certificate', () => sealedSecretManifest({ name: 'db', namespace: 'payments', stringData: { a: 'b' } }),
      'SealedSecret: certificate is missing; stringData is sealed with the controller certificate (kubeseal --fetch-cert > pub-cert.pem).'],
    ['no values', () => sealedSecretManifest({ name: 'db', namespace: 'payments' }),
      'SealedSecret: encryptedData and stringData are both empty; give the sealed values (encryptedData) or the values to seal (stringData).'],
    ['strict scope without namespace', () => sealedSecretManifest({ name: 'db', certificate: CERT, stringData: { a: 'b' } }),
      'SealedSecret: namespace is missing; a strict SealedSecret is bound to its name and namespace, so both must be known when sealing.'],
    ['a scope annotation contradicting the scope', () => sealedSecretManifest({ name: 'db', namespace: 'payments', encryptedData: { a: sealed() }, annotations: { 'sealedsecrets.bitnami.com/cluster-wide': 'true' } }),
      'SealedSecret: annotations["sealedsecrets.bitnami.com/cluster-wide"] contradicts scope "strict"; the scope decides the label the values are sealed with, so set scope instead of this annotation.'],
    ['a TLS Secret without a key', () => sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: { 'tls.crt': 'x' }, type: 'kubernetes.io/tls' }),
      'SealedSecret: type "kubernetes.io/tls" requires the keys "tls.crt", "tls.key"; missing "tls.key".'],
    ['an unknown scope', () => sealedSecretManifest({ name: 'db', namespace: 'payments', scope: 'global' as SealingScope, encryptedData: { a: sealed() } }),
      'SealedSecret: scope "global" is not a sealing scope; use SealingScope.STRICT, NAMESPACE_WIDE or CLUSTER_WIDE.'],
  ])('refuses %s (without echoing values)', (_, build, message) => {
    expect(build).toThrow(message);
    try {
      build();
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter2');
    }
  });

  describe('kubeseal --re-encrypt (sealed-secrets v0.36 Rotate) keeps what the builder emits', () => {
    const cases: Array<[string, SealingScope, Record<string, string> | undefined, Record<string, string> | undefined]> = [
      ['strict, no labels', SealingScope.STRICT, undefined, undefined],
      ['strict, labelled and annotated', SealingScope.STRICT, { app: 'api', team: 'payments' }, { 'reloader.stakater.com/match': 'true', 'argocd.argoproj.io/sync-wave': '-1' }],
      ['namespace-wide, labelled', SealingScope.NAMESPACE_WIDE, { app: 'api' }, undefined],
      ['cluster-wide, annotated', SealingScope.CLUSTER_WIDE, undefined, { owner: 'platform' }],
    ];
    test.each(cases)('%s: the metadata matches the template, so labels, annotations and scope survive', (_name, scope, labels, annotations) => {
      const manifest = sealedSecretManifest({ name: 'db', namespace: 'payments', scope, certificate: CERT, stringData: { password: FAKE }, labels, annotations });
      const outcome = reEncrypt(manifest, KEY);
      expect(outcome.metadataMatched).toBe(true);
      expect(outcome.data).toEqual({ password: FAKE });
      expect(outcome.secretMetadata).toEqual(manifest.spec.template.metadata);
      expect(outcome.secretMetadata.labels).toEqual(labels);
      for (const [k, v] of Object.entries(annotations ?? {})) {
        expect(outcome.secretMetadata.annotations?.[k]).toBe(v);
      }
      expectValidManifests([manifest]);
    });

    test('the kubeseal shape (labels only in the template) loses them on re-encrypt: what the old output did', () => {
      const manifest = sealedSecretManifest({ name: 'db', namespace: 'payments', certificate: CERT, stringData: { password: FAKE }, labels: { app: 'api' }, annotations: { owner: 'platform' } });
      const old = { ...manifest, metadata: { name: 'db', namespace: 'payments' } };
      const outcome = reEncrypt(old, KEY);
      expect(outcome.metadataMatched).toBe(false);
      expect(outcome.secretMetadata).toEqual({ name: 'db', namespace: 'payments' });
    });
  });
});
