import { EnterpriseVaultSecrets } from '../../../src/pulumi';
import { connectionAllowed } from '../../helpers/netpol';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { kubernetesManifests, resetRecorded, resourcesOf, settle, setupPulumiMocks } from '../../helpers/pulumi';
import { kubernetesRoleProblems, readOnlyPolicyProblems } from '../../helpers/vault-patterns';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const image = 'registry.example.com/app:1.0.0';
const deployment = {
  metadata: { name: 'payment-api', namespace: 'payments' },
  spec: {
    selector: { matchLabels: { app: 'payment-api' } },
    template: { metadata: { labels: { app: 'payment-api' } }, spec: { securityContext: { runAsUser: 1000 }, containers: [{ name: 'main', image }] } },
  },
};

describe('EnterpriseVaultSecrets (Pulumi)', () => {
  test('creates the workload with the agent, keeps the invariants, Vault reachable from it alone', async () => {
    const vault = new EnterpriseVaultSecrets('vault', {
      namespace: 'payments',
      vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' },
      apps: {
        'payment-api': { workload: deployment, secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] },
        'reports': { secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }] },
      },
    });
    await settle(vault);
    const manifests = kubernetesManifests();
    expectPatternInvariants(manifests, { exemptNamespaces: ['vault', 'monitoring'] });
    expect(resourcesOf('kubernetes:apps/v1:Deployment').map(r => r.name)).toEqual(['vault-payments-payment-api']);
    const api = manifests.find(m => m.kind === 'Deployment');
    expect(api.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(api.spec.template.metadata.annotations['vault.hashicorp.com/role']).toBe('payments-payment-api');
    // An app without workload args: the injection is exposed to apply to a workload made elsewhere.
    expect(vault.apps.reports.workload).toBeUndefined();
    expect((vault.apps.reports.injection.applyTo(deployment).spec.template.metadata.labels as Record<string, string>)['kube-secure-secrets.io/vault-client']).toBe('true');
    const policies = manifests.filter(m => m.kind === 'NetworkPolicy');
    const vaultPod = { namespace: 'vault', labels: { 'app.kubernetes.io/name': 'vault' } };
    expect(connectionAllowed(policies, { from: { namespace: 'payments', labels: api.spec.template.metadata.labels }, to: { pod: vaultPod }, port: 8200 })).toBe(true);
    expect(connectionAllowed(policies, { from: { namespace: 'payments', labels: { app: 'payment-api' } }, to: { pod: vaultPod }, port: 8200 })).toBe(false);
    for (const role of vault.roles) {
      expect(kubernetesRoleProblems(role)).toEqual([]);
    }
    expect(await readOnlyPolicyProblems('payments-payment-api-read', vault.policies['payments-payment-api-read'], ['secret/data/payments/postgres'])).toEqual([]);
    // The workload is not in the report until created: reports' injection is applied elsewhere.
    expect(vault.report.controls[0].enforcedBy).toEqual(['Deployment payments/payment-api']);
  });

  test('errors point at the component', () => {
    expect(() => new EnterpriseVaultSecrets('bad', { namespace: 'payments', vault: { address: 'http://vault:8200' } }))
      .toThrow('EnterpriseVaultSecrets: vault.address "http://vault:8200" must be an https:// URL');
  });
});
