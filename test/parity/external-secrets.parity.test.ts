/**
 * Parity: the Pulumi front-end (under mocks) produces the same External Secrets, RBAC, ServiceAccount and
 * NetworkPolicy manifests as cdk8s for the same inputs, and the same Secret wiring of the workload.
 */
import { Testing } from 'cdk8s';
import { PaymentsAwsChart } from '../../examples/cdk8s/external-secrets-aws/main';
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { only, synthValid, testChart } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const pick = (manifests: any[], kinds: string[]) => manifests.filter(m => kinds.includes(m.kind)).sort((a, b) => key(a).localeCompare(key(b)));
const KINDS = ['ServiceAccount', 'SecretStore', 'ClusterSecretStore', 'ExternalSecret', 'Role', 'RoleBinding', 'NetworkPolicy'];

/** The Secret wiring of a workload: Reloader annotation, volumes, mounts, env. */
function wiring(deployment: any) {
  const pod = deployment.spec.template.spec;
  return {
    reload: deployment.metadata.annotations?.['secret.reloader.stakater.com/reload'],
    volumes: pod.volumes,
    containers: pod.containers.map((c: any) => ({ volumeMounts: c.volumeMounts, env: c.env, envFrom: c.envFrom })),
  };
}

describe('parity: External Secrets, consumption and NetworkPolicies', () => {
  test('the external-secrets-aws examples produce the same objects and the same Deployment wiring', async () => {
    const fromCdk8s = synthValid(new PaymentsAwsChart(Testing.app(), 'payments'));
    const program = await import('../../examples/pulumi/external-secrets-aws');
    await settle(program.api, program.reader.roleBinding, ...program.isolation.policies);
    await settle(program.db.resource, program.gateway.resource, program.store.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi, KINDS)).toEqual(pick(fromCdk8s, KINDS));
    expect(pick(fromPulumi, KINDS)).toHaveLength(10 - 1); // everything but the Deployment
    expect(wiring(only(fromPulumi, 'Deployment'))).toEqual(wiring(only(fromCdk8s, 'Deployment')));
  });

  test.each<[string, (sa: { serviceAccountName: string; serviceAccountNamespace: string }) => cdk8s.SecretStoreProvider]>([
    ['AWS Parameter Store with a role', sa => cdk8s.SecretStoreProvider.awsParameterStore({ region: 'eu-west-1', serviceAccount: sa, role: 'arn:aws:iam::111122223333:role/r' })],
    ['Vault', sa => cdk8s.SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'kv', role: 'eso', serviceAccount: sa, version: 'v1' })],
    ['GCP', sa => cdk8s.SecretStoreProvider.gcpSecretManager({ projectId: 'payments-prod', serviceAccount: sa, clusterLocation: 'europe-west1', clusterName: 'prod' })],
    ['Azure', sa => cdk8s.SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', serviceAccount: sa })],
  ])('stores and ExternalSecrets with %s', async (_, provider) => {
    const sa = { serviceAccountName: 'eso-sa', serviceAccountNamespace: 'payments' };
    const es = {
      refreshInterval: '30m',
      target: { name: 'app-tls', template: cdk8s.ExternalSecretTemplate.tls({ certKey: 'crt', keyKey: 'key' }), deletionPolicy: 'Retain' as const },
      data: [{ secretKey: 'crt', remoteKey: 'app/tls', property: 'cert' }, { secretKey: 'key', remoteKey: 'app/tls', property: 'key' }],
      dataFrom: [{ extract: { key: 'app/extra' } }],
    };
    const chart = testChart();
    const store = new cdk8s.SecretStore(chart, 'store', { name: 'store', provider: provider(sa) });
    new cdk8s.ClusterSecretStore(chart, 'css', { name: 'css', provider: provider({ ...sa }), conditions: [{ namespaceSelector: { matchLabels: { tier: 'payments' } } }] });
    new cdk8s.ExternalSecret(chart, 'es', { name: 'app-tls', store, ...es });
    const fromCdk8s = synthValid(chart);

    const pStore = new pl.SecretStore('store', { name: 'store', namespace: 'payments', provider: provider(sa) });
    const pCss = new pl.ClusterSecretStore('css', { name: 'css', provider: provider({ ...sa }), conditions: [{ namespaceSelector: { matchLabels: { tier: 'payments' } } }] });
    const pEs = new pl.ExternalSecret('es', { name: 'app-tls', namespace: 'payments', store: pStore, ...es });
    await settle(pStore.resource, pCss.resource, pEs.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi, KINDS)).toEqual(pick(fromCdk8s, KINDS));
  });

  test('NetworkPolicies', async () => {
    const provider = cdk8s.SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' });
    const chart = testChart();
    new cdk8s.NamespaceIsolation(chart, 'iso', { namePrefix: 'payments' });
    new cdk8s.ApiServerEgressGuard(chart, 'guard', { apiServerAddresses: ['10.0.0.1'], apiServerPorts: [443], podLabels: { app: 'api' }, allowedEgress: ['10.0.0.0/8'] });
    new cdk8s.ExternalSecretsEgressPolicy(chart, 'eso', { providers: [provider], apiServer: { cidrs: ['10.0.0.0/16'] }, inClusterVault: { namespace: 'vault' } });
    new cdk8s.VaultAccessPolicy(chart, 'vault', { clientNamespaces: ['payments'] });
    const fromCdk8s = synthValid(chart);

    const all = [
      new pl.NamespaceIsolation('iso', { namespace: 'payments', namePrefix: 'payments' }),
      new pl.ApiServerEgressGuard('guard', { namespace: 'payments', apiServerAddresses: ['10.0.0.1'], apiServerPorts: [443], podLabels: { app: 'api' }, allowedEgress: ['10.0.0.0/8'] }),
      new pl.ExternalSecretsEgressPolicy('eso', { providers: [provider], apiServer: { cidrs: ['10.0.0.0/16'] }, inClusterVault: { namespace: 'vault' } }),
      new pl.VaultAccessPolicy('vault', { clientNamespaces: ['payments'] }),
    ];
    await settle(...all.flatMap(c => c.policies));
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi, ['NetworkPolicy'])).toEqual(pick(fromCdk8s, ['NetworkPolicy']));
    expect(pick(fromPulumi, ['NetworkPolicy'])).toHaveLength(5);
  });
});
