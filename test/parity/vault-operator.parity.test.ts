/**
 * Parity: VaultConnection, VaultAuth, VaultStaticSecret and VaultDynamicSecret give the same manifests
 * and the same Vault side in cdk8s and Pulumi (under mocks), and the same refusals.
 */
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const vso = (ms: any[]) => ms.filter(m => m.apiVersion === 'secrets.hashicorp.com/v1beta1').sort((a, b) => key(a).localeCompare(key(b)));

describe('parity: Vault Secrets Operator', () => {
  test('the same manifests and Vault side', async () => {
    const chart = testChart();
    const api = new kplus.Deployment(chart, 'api', { metadata: { name: 'payment-api' }, containers: [{ image: 'registry.example.com/api:1' }] });
    const conn = new cdk8s.VaultConnection(chart, 'conn', { name: 'vault', address: 'https://vault.vault.svc:8200', caCertSecret: 'vault-ca' });
    const auth = new cdk8s.VaultAuth(chart, 'auth', { name: 'payments', connection: conn, kubernetes: { role: 'payments-api', serviceAccount: 'payments-vso' } });
    const kv = new cdk8s.VaultStaticSecret(chart, 'kv', { name: 'pg', auth, mount: 'secret', path: 'payments/postgres', destination: { name: 'pg' }, consumers: [api] });
    const dyn = new cdk8s.VaultDynamicSecret(chart, 'dyn', { name: 'dbcreds', auth, mount: 'database', path: 'creds/payments-api', destination: { name: 'db-creds' }, consumers: [api] });
    const fromCdk8s = synthValid(chart);

    const pConn = new pl.VaultConnection('conn', { name: 'vault', namespace: 'payments', address: 'https://vault.vault.svc:8200', caCertSecret: 'vault-ca' });
    const pAuth = new pl.VaultAuth('auth', { name: 'payments', namespace: 'payments', connection: pConn, kubernetes: { role: 'payments-api', serviceAccount: 'payments-vso' } });
    const consumers = [{ kind: 'Deployment', name: 'payment-api' }];
    const pKv = new pl.VaultStaticSecret('kv', { name: 'pg', namespace: 'payments', auth: pAuth, mount: 'secret', path: 'payments/postgres', destination: { name: 'pg' }, consumers });
    const pDyn = new pl.VaultDynamicSecret('dyn', { name: 'dbcreds', namespace: 'payments', auth: pAuth, mount: 'database', path: 'creds/payments-api', destination: { name: 'db-creds' }, consumers });
    await settle(pConn.resource, pAuth.resource, pKv.resource, pDyn.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(vso(fromPulumi)).toHaveLength(4);
    expect(vso(fromPulumi)).toEqual(vso(fromCdk8s));
    expect(cdk8s.vaultOperatorAccess({ auth, secrets: [kv, dyn] })).toEqual(pl.vaultOperatorAccess({ auth: pAuth, secrets: [pKv, pDyn] }));
  });

  test('the same refusals', () => {
    const msg = 'VaultConnection: address "http://vault:8200" is plain http';
    expect(() => new cdk8s.VaultConnection(testChart(), 'c', { address: 'http://vault:8200' })).toThrow(msg);
    expect(() => new pl.VaultConnection('c-bad', { name: 'c', namespace: 'payments', address: 'http://vault:8200' })).toThrow(msg);
    const sa = 'VaultAuth: kubernetes.serviceAccount "default" is the ServiceAccount of every pod';
    expect(() => new cdk8s.VaultAuth(testChart(), 'a', { connection: { name: 'v' }, kubernetes: { role: 'r', serviceAccount: 'default' } })).toThrow(sa);
    expect(() => new pl.VaultAuth('a-bad', { name: 'a', namespace: 'payments', connection: { name: 'v' }, kubernetes: { role: 'r', serviceAccount: 'default' } })).toThrow(sa);
    const job = new kplus.Job(testChart(), 'job', { containers: [{ image: 'x' }] });
    expect(() => new cdk8s.VaultStaticSecret(testChart(), 's', { auth: { name: 'a' }, mount: 'secret', path: 'a/b', destination: { name: 'd' }, consumers: [job] }))
      .toThrow('VaultStaticSecret: consumers[0].kind "Job" cannot be restarted by VSO');
  });
});
