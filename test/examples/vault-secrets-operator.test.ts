import { Testing } from 'cdk8s';
import { VaultOperatorChart } from '../../examples/cdk8s/vault-secrets-operator/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const pick = (ms: any[]) => ms.filter(m => m.kind !== 'Deployment').sort((a, b) => key(a).localeCompare(key(b)));

describe('examples/*/vault-secrets-operator', () => {
  test('cdk8s: VSO restarts the consumer, no Reloader; the Vault role binds exactly the VaultAuth ServiceAccount', () => {
    const chart = new VaultOperatorChart(Testing.app(), 'payments');
    const manifests = synthValid(chart);
    expect(only(manifests, 'VaultStaticSecret').spec.rolloutRestartTargets).toEqual([{ kind: 'Deployment', name: 'payment-api' }]);
    expect(only(manifests, 'VaultDynamicSecret').spec.rolloutRestartTargets).toEqual([{ kind: 'Deployment', name: 'payment-api' }]);
    const api = only(manifests, 'Deployment');
    expect(api.metadata.annotations?.['secret.reloader.stakater.com/reload']).toBeUndefined();
    expect(api.spec.template.spec.volumes.map((v: any) => v.secret.secretName).sort()).toEqual(['payments-db-creds', 'postgres-password']);
    expect(only(manifests, 'VaultAuth').spec.kubernetes.serviceAccount).toBe('payments-vso');
    expect(only(manifests, 'ServiceAccount').metadata.name).toBe('payments-vso');
    expect(chart.access.authRole.parameters).toMatchObject({ bound_service_account_names: ['payments-vso'], bound_service_account_namespaces: ['payments'] });
    expect(chart.access.policyHcl).toContain('path "secret/data/payments/postgres"');
    expect(chart.access.policyHcl).toContain('path "database/creds/payments-api"');
  });

  test('Pulumi: the same VSO objects and Vault side', async () => {
    const chart = new VaultOperatorChart(Testing.app(), 'payments');
    const fromCdk8s = synthValid(chart);
    const p = await import('../../examples/pulumi/vault-secrets-operator');
    await settle(p.connection.resource, p.vsoSa.serviceAccount, p.auth.resource, p.postgres.resource, p.dbCreds.resource);
    const fromPulumi = kubernetesManifests();
    expectValidManifests(fromPulumi);
    expect(pick(fromPulumi)).toEqual(pick(fromCdk8s));
    expect(p.access).toEqual(chart.access);
  });
});
