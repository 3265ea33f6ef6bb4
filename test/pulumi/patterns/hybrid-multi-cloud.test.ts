/**
 * HybridMultiCloudSecrets (Pulumi): every Kubernetes resource of a cluster is created with that cluster's
 * provider (recorded by mocks that keep each registration's provider reference).
 */
import * as pulumi from '@pulumi/pulumi';
import { HybridMultiCloudSecrets } from '../../../src/pulumi';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { stripUndefined } from '../../helpers/pulumi';

const registered: Array<{ type: string; name: string; provider?: string; inputs: any }> = [];

beforeAll(() => pulumi.runtime.setMocks({
  newResource(args: pulumi.runtime.MockResourceArgs) {
    registered.push({ type: args.type, name: args.name, provider: args.provider, inputs: args.inputs });
    return { id: `${args.name}-id`, state: args.inputs };
  },
  call(args: pulumi.runtime.MockCallArgs) {
    return args.inputs;
  },
}, 'kube-secure-secrets-test', 'test', false));

async function settle(r: pulumi.Resource): Promise<void> {
  await new Promise<void>(resolve => r.urn.apply(() => resolve()));
  for (let i = 0; i < 10; i++) {
    await new Promise(resolve => setImmediate(resolve));
  }
}

test('one provider per cluster; each cluster\'s resources use its provider, and keep the invariants', async () => {
  const hybrid = new HybridMultiCloudSecrets('hybrid', {
    vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
    clusters: [
      { name: 'eks-prod', cloud: 'aws', kubeconfig: 'apiVersion: v1\nkind: Config\n' },
      { name: 'gke-prod', cloud: 'gcp' },
      { name: 'aks-prod', cloud: 'azure' },
    ],
    secrets: { payments: { 'postgres-credentials': { remoteKey: 'payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } } } },
    apps: { payments: { 'payment-api': { files: ['postgres-credentials'] } } },
  });
  await settle(hybrid);
  const providers = registered.filter(r => r.type === 'pulumi:providers:kubernetes');
  expect(providers.map(p => p.name).sort()).toEqual(['hybrid-aks-prod', 'hybrid-eks-prod', 'hybrid-gke-prod']);
  expect(providers.find(p => p.name === 'hybrid-eks-prod')!.inputs.kubeconfig).toBe('apiVersion: v1\nkind: Config\n');
  for (const cluster of ['eks-prod', 'gke-prod', 'aks-prod']) {
    const mine = registered.filter(r => r.type.startsWith('kubernetes:') && r.name.startsWith(`hybrid-${cluster}-`));
    expect(mine.length).toBe(7);
    for (const r of mine) {
      expect(r.provider).toMatch(new RegExp(`::hybrid-${cluster}::hybrid-${cluster}-id$`));
    }
    expectPatternInvariants(mine.map(r => stripUndefined(r.inputs)));
  }
  expect(hybrid.setupScript('aks-prod')).toContain('vault auth enable -path=kubernetes-aks-prod kubernetes');
  expect(() => hybrid.setupScript('nope')).toThrow('HybridMultiCloudSecrets: cluster "nope" is not a cluster of the pattern');
});
