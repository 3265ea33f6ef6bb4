import * as fs from 'fs';
import * as path from 'path';
import { ageKeygen, fromSopsTree, loadSealingCertificate, plaintextSecretFindings, plaintextSecretKeys, sealValue, sealedSecretManifest, sopsEncrypt } from '../../../src/core';

const CERT = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');
const FAKE = 'fake-plaintext-4242';
const secret = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'payments' }, stringData: { password: FAKE }, ...extra });

describe('plaintextSecretFindings / plaintextSecretKeys', () => {
  test('a v1 Secret: non-empty data and stringData values; empty ones and other kinds pass', () => {
    expect(plaintextSecretKeys(secret({ data: { token: 'ZmFrZQ==', empty: '' } }))).toEqual(['data.token', 'stringData.password']);
    expect(plaintextSecretKeys({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } })).toEqual([]);
    expect(plaintextSecretKeys({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } })).toEqual([]);
    expect(plaintextSecretKeys({ apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x' }, spec: { data: [] } })).toEqual([]);
    expect(plaintextSecretKeys(null)).toEqual([]);
    expect(plaintextSecretKeys('apiVersion: v1')).toEqual([]);
  });

  test.each<[string, unknown, unknown]>([
    ['v1', 'v1', 'Secret'],
    // apimachinery ParseGroupVersion reads "/v1" as the core group's v1: the API server applies it as a Secret.
    ['/v1', '/v1', 'Secret'],
    // The API server refuses these spellings, but the file holding them is committed all the same.
    ['"v1 " (a trailing space)', 'v1 ', 'Secret'],
    ['V1', 'V1', 'Secret'],
    ['kind "secret"', 'v1', 'secret'],
    ['kind " Secret"', 'v1', ' Secret'],
    ['no apiVersion', undefined, 'Secret'],
  ])('apiVersion/kind spelled %s is a Secret to the detector', (_, apiVersion, kind) => {
    expect(plaintextSecretKeys({ apiVersion, kind, metadata: { name: 'db' }, stringData: { password: FAKE } })).toEqual(['stringData.password']);
  });

  test('not a core Secret: another group, another kind', () => {
    expect(plaintextSecretKeys({ apiVersion: 'example.com/v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { a: 'b' } })).toEqual([]);
    expect(plaintextSecretKeys({ apiVersion: 'v1', kind: 'Secrets', metadata: { name: 'db' }, stringData: { a: 'b' } })).toEqual([]);
  });

  test('Secrets inside List and *List items (kubectl and kustomize unpack them), nested, and typed lists with bare items', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: 'b' } }, secret()] };
    expect(plaintextSecretKeys(list)).toEqual(['items[1].stringData.password']);
    expect(plaintextSecretFindings(list)).toEqual([{ location: 'items[1]', kind: 'Secret', name: 'db', namespace: 'payments', fields: ['stringData.password'] }]);
    // A SecretList's items without apiVersion and kind are Secrets (apimachinery decodeToList infers them).
    const typed = { apiVersion: 'v1', kind: 'SecretList', items: [{ metadata: { name: 'bare' }, data: { token: 'ZmFrZQ==' } }] };
    expect(plaintextSecretFindings(typed)).toEqual([{ location: 'items[0]', kind: 'Secret', name: 'bare', fields: ['data.token'] }]);
    const nested = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [secret()] }] };
    expect(plaintextSecretKeys(nested)).toEqual(['items[0].items[0].stringData.password']);
    // kubectl reads any object with items as a list, whatever its kind.
    expect(plaintextSecretKeys({ apiVersion: 'v1', kind: 'Whatever', items: [secret()] })).toEqual(['items[0].stringData.password']);
  });

  test('a list nested deeper than the limit is a finding itself (never silently skipped)', () => {
    let doc: Record<string, unknown> = secret();
    for (let i = 0; i < 10; i++) {
      doc = { apiVersion: 'v1', kind: 'List', items: [doc] };
    }
    expect(plaintextSecretFindings(doc)).toHaveLength(1);
    expect(plaintextSecretFindings(doc)[0].fields).toEqual(['items']);
  });

  test('SOPS: ENC[...] values of an encrypted document pass, a value left plaintext does not', () => {
    const { recipient } = ageKeygen();
    const encrypted = fromSopsTree(sopsEncrypt(secret(), { ageRecipients: [recipient] })) as Record<string, unknown>;
    expect(plaintextSecretKeys(encrypted)).toEqual([]);
    const tampered = { ...encrypted, stringData: { ...(encrypted.stringData as object), added: FAKE } };
    expect(plaintextSecretKeys(tampered)).toEqual(['stringData.added']);
    // ENC-looking values without SOPS metadata are plaintext to the detector.
    expect(plaintextSecretKeys(secret({ stringData: { password: 'ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]' } }))).toEqual(['stringData.password']);
    // A SOPS-encrypted List.
    const list = fromSopsTree(sopsEncrypt({ apiVersion: 'v1', kind: 'List', items: [secret()] }, { ageRecipients: [recipient], encryptedRegex: '^(data|stringData)$' })) as Record<string, unknown>;
    expect(plaintextSecretKeys(list)).toEqual([]);
  });

  test('SealedSecret: template.data literals that reference no sealed key; encryptedData that is not sealed', () => {
    const sealed = sealValue(loadSealingCertificate(CERT), Buffer.from('payments/db'), Buffer.from(FAKE));
    const manifest = sealedSecretManifest({ name: 'db', namespace: 'payments', encryptedData: { password: sealed, user: sealed } });
    expect(plaintextSecretKeys(manifest)).toEqual([]);
    const withTemplate = (data: Record<string, unknown>, encryptedData: Record<string, string> = manifest.spec.encryptedData) => ({
      ...manifest, spec: { ...manifest.spec, encryptedData, template: { ...manifest.spec.template, data } },
    });
    // The controller executes each value as a Go template over the decrypted values and writes the result.
    expect(plaintextSecretKeys(withTemplate({
      dsn: 'postgres://{{ .user }}:{{ .password }}@db:5432/app',
      indexed: '{{ index . "password" }}',
      piped: '{{ .password | b64enc }}',
      empty: '',
    }))).toEqual([]);
    expect(plaintextSecretFindings(withTemplate({ literal: FAKE, constant: '{{ "hunter2" }}', other: '{{ .missing }}', number: 42 }))).toEqual([{
      location: '',
      kind: 'SealedSecret',
      name: 'db',
      namespace: 'payments',
      fields: ['spec.template.data.constant', 'spec.template.data.literal', 'spec.template.data.number', 'spec.template.data.other'],
    }]);
    expect(plaintextSecretKeys(withTemplate({}, { password: FAKE }))).toEqual(['spec.encryptedData.password']);
    expect(plaintextSecretKeys({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'x' }, spec: { encryptedData: {}, template: { data: 'hunter2' } } }))
      .toEqual(['spec.template.data']);
  });

  test('a string where the data map belongs is still a plaintext value', () => {
    expect(plaintextSecretKeys({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: 'password=hunter2' })).toEqual(['stringData']);
  });
});
