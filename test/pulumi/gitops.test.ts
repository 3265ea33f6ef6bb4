/**
 * The Pulumi GitOps blocks (issue 13): SopsSecret, FluxKustomization and the PlaintextSecretGuard
 * transform. The SopsSecret is checked as the Kubernetes provider would write it with
 * `renderYamlToDirectory`: inputs normalized (a Secret's stringData into data) and keys sorted.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { ageKeygen } from '../../src/core';
import * as pl from '../../src/pulumi';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { onlyResourceOf, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';
import { renderLikeProvider } from '../helpers/secret-render';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const FAKE_TOKEN = 'fake-api-token-0815';
const { identity, recipient } = ageKeygen();
const CERT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');

describe('SopsSecret (Pulumi)', () => {
  test('rendered as the provider writes it, the file decrypts and its MAC verifies (independent decryptor)', async () => {
    const s = new pl.SopsSecret('api', {
      name: 'api-keys',
      namespace: 'payments',
      ageRecipients: [recipient],
      labels: { team: 'payments' },
      stringData: { token: pulumi.secret(FAKE_TOKEN), zeta: 'z-fake', alpha: 'a-fake' },
    });
    await settle(s.resource);
    const r = onlyResourceOf('kubernetes:core/v1:Secret');
    expect(r.name).toBe('api');
    const yaml = renderLikeProvider(r.inputs);
    expect(yaml).not.toContain(FAKE_TOKEN);
    expect(yaml).not.toContain(Buffer.from(FAKE_TOKEN).toString('base64'));
    const result = independentSopsDecrypt(yaml, identity);
    expect(result.macVerified).toBe(true);
    expect(result.document).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { labels: { team: 'payments' }, name: 'api-keys', namespace: 'payments' },
      data: { alpha: Buffer.from('a-fake').toString('base64'), token: Buffer.from(FAKE_TOKEN).toString('base64'), zeta: Buffer.from('z-fake').toString('base64') },
      type: 'Opaque',
    });
    expect(result.encryptedPaths).toEqual(['data.alpha', 'data.token', 'data.zeta']);
    expect(s.secretName).toBe('api-keys');
    expect(s.secretNamespace).toBe('payments');
    expect(r.inputs.sops.encrypted_regex).toBe('^(data|stringData)$');
    // The file is valid only once decrypted (ENC[...] is not base64); what Flux applies validates.
    expectValidManifests([result.document]);
  });

  test('the same refusals as the core, as ResourceErrors', () => {
    expect(() => new pl.SopsSecret('s', { name: 's', ageRecipients: [], stringData: { a: 'b' } }))
      .toThrow('SopsSecret: ageRecipients is empty; give at least one age recipient (age1...): the cluster\'s Flux key, and a break-glass key kept offline.');
    expect(() => new pl.SopsSecret('s', { name: 's', ageRecipients: [recipient], stringData: { password: 'x' }, encryptedRegex: '^nothing$' }))
      .toThrow(pulumi.ResourceError);
  });
});

describe('FluxKustomization (Pulumi)', () => {
  test('the core object: SOPS decryption on, in flux-system', async () => {
    const k = new pl.FluxKustomization('apps', { name: 'payments', path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } });
    await settle(k.resource);
    const m = onlyResourceOf('kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization').inputs;
    expectValidManifests([m]);
    expect(m.metadata).toEqual({ name: 'payments', namespace: 'flux-system' });
    expect(m.spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
  });
});

describe('PlaintextSecretGuard (Pulumi transform)', () => {
  const transform = pl.PlaintextSecretGuard.transform();
  const call = (type: string, name: string, props: Record<string, unknown>, t = transform) =>
    () => t({ type, name, props, opts: {}, custom: true });
  const secretSig = (value: unknown) => ({ '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value });

  test('refuses a plaintext Secret, also when its values are Pulumi secrets, naming it', () => {
    expect(call('kubernetes:core/v1:Secret', 'db', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-password', namespace: 'payments' }, stringData: secretSig({ password: 'fake' }) }))
      .toThrow('PlaintextSecretGuard: Secret "payments/db-password" (resource "db") would be written with plaintext values (stringData.password); commit only encrypted secrets: '
        + 'use SealedSecret, SopsSecret or ExternalSecret, or mark a deliberate exception with PlaintextSecretGuard.transform({ allow: { "db": reason } }).');
  });

  test('refuses a literal in a SealedSecret template, and a Secret in a List', () => {
    expect(call('kubernetes:bitnami.com/v1alpha1:SealedSecret', 'ss', {
      apiVersion: 'bitnami.com/v1alpha1',
      kind: 'SealedSecret',
      metadata: { name: 'db' },
      spec: { encryptedData: {}, template: { data: { dsn: 'postgres://fake' } } },
    })).toThrow(/SealedSecret "db" \(resource "ss"\) would be written with plaintext values \(spec.template.data.dsn\)/);
    expect(call('kubernetes:v1:List', 'l', { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: { a: 'ZmFrZQ==' } }] }))
      .toThrow(/Secret "x" \(resource "l" items\[0\]\)/);
  });

  test('passes SOPS-encrypted Secrets, sealed values, empty Secrets, other kinds and values not known yet', async () => {
    const s = new pl.SopsSecret('api', { name: 'api-keys', ageRecipients: [recipient], stringData: { token: FAKE_TOKEN } });
    await settle(s.resource);
    const sops = onlyResourceOf('kubernetes:core/v1:Secret').inputs;
    expect(call('kubernetes:core/v1:Secret', 'api', sops)()).toBeUndefined();
    const sealed = new pl.SealedSecret('db', { name: 'db', namespace: 'payments', certificate: CERT, stringData: { a: 'fake' } });
    await settle(sealed.resource);
    const ss = onlyResourceOf('kubernetes:bitnami.com/v1alpha1:SealedSecret').inputs;
    expect(call('kubernetes:bitnami.com/v1alpha1:SealedSecret', 'db', ss)()).toBeUndefined();
    expect(call('kubernetes:core/v1:Secret', 'e', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'e' } })()).toBeUndefined();
    expect(call('kubernetes:core/v1:ConfigMap', 'c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } })()).toBeUndefined();
    expect(call('kubernetes:core/v1:Secret', 'u', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'u' }, stringData: { a: '04da6b54-80e4-46f7-96ec-b56ff0331ba9' } })()).toBeUndefined();
    expect(call('aws:secretsmanager/secret:Secret', 'x', { stringData: { a: 'b' } })()).toBeUndefined();
  });

  test('a deliberate exception needs a reason', () => {
    const allowing = pl.PlaintextSecretGuard.transform({ allow: { greeting: 'a public greeting used by the smoke test' } });
    const props = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'g' }, stringData: { hello: 'world' } };
    expect(call('kubernetes:core/v1:Secret', 'greeting', props, allowing)()).toBeUndefined();
    expect(call('kubernetes:core/v1:Secret', 'other', props, allowing)).toThrow(/Secret "g" \(resource "other"\)/);
    expect(() => pl.PlaintextSecretGuard.transform({ allow: { greeting: 'because' } }))
      .toThrow('PlaintextSecretGuard: reason "because" is too short; say why a plaintext Secret is acceptable here (it is kept with the construct for review).');
  });

  test('forStack registers the transform for the stack with a real engine, and only checks its options under mocks', () => {
    const spy = jest.spyOn(pulumi.runtime, 'registerResourceTransform').mockImplementation(() => undefined);
    pl.PlaintextSecretGuard.forStack();
    expect(spy).not.toHaveBeenCalled(); // the mock engine runs no transforms
    expect(() => pl.PlaintextSecretGuard.forStack({ allow: { x: 'short' } })).toThrow('PlaintextSecretGuard: reason "short" is too short');
    const monitor = jest.spyOn(pulumi.runtime, 'getMonitor').mockReturnValue({} as never); // not the mock monitor
    pl.PlaintextSecretGuard.forStack();
    expect(spy).toHaveBeenCalledTimes(1);
    const registered = spy.mock.calls[0][0];
    expect(() => registered({ type: 'kubernetes:core/v1:Secret', name: 'db', props: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { a: 'ZmFrZQ==' } }, opts: {}, custom: true }))
      .toThrow(/PlaintextSecretGuard: Secret "db"/);
    monitor.mockRestore();
    spy.mockRestore();
  });
});
