/**
 * Parity: InfisicalConnection, InfisicalAuth, InfisicalStaticSecret and the (deprecated) InfisicalSecret
 * give the same manifests in cdk8s and Pulumi (under mocks), and the same refusals.
 */
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const sorted = (ms: any[]) => ms.filter(m => m.apiVersion.startsWith('secrets.infisical.com/')).sort((a, b) => key(a).localeCompare(key(b)));

describe('parity: Infisical', () => {
  test('v1beta1 and v1alpha1 give the same manifests', async () => {
    const kubernetes = { identityIdSecret: { name: 'infisical-identity', key: 'identityId' }, serviceAccount: 'infisical-auth', audiences: ['infisical'] };
    const sources = [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api', tagSlugs: ['backend'] }];
    const legacy = { kubernetesAuth: { identityId: '00000000-0000-4000-8000-000000000000', serviceAccount: 'infisical-auth' }, scope: { projectSlug: 'payments', envSlug: 'prod' }, target: { name: 'legacy' } };

    const chart = testChart();
    const conn = new cdk8s.InfisicalConnection(chart, 'conn', { name: 'infisical', address: 'https://infisical.example.com' });
    const auth = new cdk8s.InfisicalAuth(chart, 'auth', { name: 'auth', connection: conn, kubernetes });
    const cfg = new cdk8s.InfisicalStaticSecret(chart, 'cfg', { name: 'cfg', auth, sources, targets: [{ name: 'payments-config' }], refreshInterval: '5m' });
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    new cdk8s.InfisicalSecret(chart, 'legacy', { name: 'legacy', ...legacy });
    const fromCdk8s = synthValid(chart);

    const pConn = new pl.InfisicalConnection('conn', { name: 'infisical', namespace: 'payments', address: 'https://infisical.example.com' });
    const pAuth = new pl.InfisicalAuth('auth', { name: 'auth', namespace: 'payments', connection: pConn, kubernetes });
    const pCfg = new pl.InfisicalStaticSecret('cfg', { name: 'cfg', namespace: 'payments', auth: pAuth, sources, targets: [{ name: 'payments-config' }], refreshInterval: '5m' });
    const pLegacy = new pl.InfisicalSecret('legacy', { name: 'legacy', namespace: 'payments', ...legacy });
    await settle(pConn.resource, pAuth.resource, pCfg.resource, pLegacy.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(sorted(fromPulumi)).toHaveLength(4);
    expect(sorted(fromPulumi)).toEqual(sorted(fromCdk8s));
    expect([cfg.secretName, cfg.secretNamespace]).toEqual(['payments-config', 'payments']);
    expect([pCfg.secretName, pCfg.secretNamespace]).toEqual(['payments-config', 'payments']);
  });

  test('the same refusals', () => {
    const msg = 'InfisicalStaticSecret: targets is empty; name the Secret the operator writes ("at least one target is required").';
    const args = { auth: { name: 'a' }, sources: [{ projectSlug: 'p', envSlug: 'prod' }], targets: [] };
    expect(() => new cdk8s.InfisicalStaticSecret(testChart(), 'x', args)).toThrow(msg);
    expect(() => new pl.InfisicalStaticSecret('x-bad', { name: 'x', namespace: 'payments', ...args })).toThrow(msg);
    const http = 'InfisicalConnection: address "http://infisical" is plain http';
    expect(() => new cdk8s.InfisicalConnection(testChart(), 'c', { address: 'http://infisical' })).toThrow(http);
    expect(() => new pl.InfisicalConnection('c-bad', { name: 'c', namespace: 'payments', address: 'http://infisical' })).toThrow(http);
  });
});
