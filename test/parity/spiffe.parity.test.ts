/**
 * Parity: ClusterSPIFFEID (plain and derived from a SecureServiceAccount) gives the same manifest in cdk8s
 * and Pulumi (under mocks), and the same refusals.
 */
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const ids = (ms: any[]) => ms.filter(m => m.kind === 'ClusterSPIFFEID').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));

describe('parity: ClusterSPIFFEID', () => {
  test('the same manifests', async () => {
    const podSelector = { matchLabels: { app: 'payment-api' } };
    const chart = testChart();
    const sa = new cdk8s.SecureServiceAccount(chart, 'sa', { name: 'payment-api' });
    new cdk8s.ClusterSPIFFEID(chart, 'id', cdk8s.clusterSpiffeIdForServiceAccount(sa, { trustDomain: 'example.org', podSelector, federatesWith: ['partner.example'] }));
    new cdk8s.ClusterSPIFFEID(chart, 'plain', { name: 'workers', trustDomain: 'example.org', podSelector: { matchLabels: { tier: 'worker' } }, namespaceSelector: { matchLabels: { 'spiffe.example.org/enabled': 'true' } }, ttl: '30m' });
    const fromCdk8s = synthValid(chart);
    expect(only(fromCdk8s, 'ClusterSPIFFEID', 'payments-payment-api').metadata.namespace).toBeUndefined();

    const pSa = new pl.SecureServiceAccount('sa', { name: 'payment-api', namespace: 'payments' });
    const a = new pl.ClusterSPIFFEID('id', pl.clusterSpiffeIdForServiceAccount(pSa, { trustDomain: 'example.org', podSelector, federatesWith: ['partner.example'] }));
    const b = new pl.ClusterSPIFFEID('plain', { name: 'workers', trustDomain: 'example.org', podSelector: { matchLabels: { tier: 'worker' } }, namespaceSelector: { matchLabels: { 'spiffe.example.org/enabled': 'true' } }, ttl: '30m' });
    await settle(a.resource, b.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(ids(fromPulumi)).toHaveLength(2);
    expect(ids(fromPulumi)).toEqual(ids(fromCdk8s));
  });

  test('the same refusals', () => {
    const msg = 'ClusterSPIFFEID: podSelector {} matches a pod without labels';
    expect(() => new cdk8s.ClusterSPIFFEID(testChart(), 'x', { trustDomain: 'example.org', podSelector: {}, namespaces: ['payments'] })).toThrow(msg);
    expect(() => new pl.ClusterSPIFFEID('x-bad', { name: 'x', trustDomain: 'example.org', podSelector: {}, namespaces: ['payments'] })).toThrow(msg);
  });
});
