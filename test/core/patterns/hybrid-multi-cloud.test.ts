import { hybridMultiCloudPlan } from '../../../src/core/patterns/hybrid-multi-cloud';
import { kubernetesRoleProblems, readOnlyPolicyProblems, runSetupScript, scriptParts } from '../../helpers/vault-patterns';

const vault = { address: 'https://vault.example.com:8200', kvPath: 'secret' };
const clusters = [
  { name: 'eks-prod', cloud: 'aws' as const },
  { name: 'gke-prod', cloud: 'gcp' as const },
  { name: 'aks-prod', cloud: 'azure' as const },
];
const secrets = [
  { namespace: 'payments', name: 'postgres-credentials', remoteKey: 'payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } },
  { namespace: 'payments', name: 'gateway', remoteKey: 'payments/gateway' },
  { namespace: 'orders', name: 'db', remoteKey: 'orders/db' },
];
const apps = [{ namespace: 'payments', name: 'payment-api', files: ['postgres-credentials'] }];
const IRSA = 'arn:aws:iam::111122223333:role/eso-vault-payments';

describe('hybridMultiCloudPlan', () => {
  const plan = hybridMultiCloudPlan({ name: 'hybrid', vault, clusters }, secrets, apps);

  test('per cluster: a mount and roles named from the cluster, one role per namespace bound to exactly its vault-eso', () => {
    expect(plan.clusters.map(c => [c.name, c.authMount])).toEqual([
      ['eks-prod', 'kubernetes-eks-prod'], ['gke-prod', 'kubernetes-gke-prod'], ['aks-prod', 'kubernetes-aks-prod'],
    ]);
    const eks = plan.clusters[0];
    expect(eks.roles).toEqual([
      { path: 'auth/kubernetes-eks-prod/role/eks-prod-payments', parameters: { bound_service_account_names: ['vault-eso'], bound_service_account_namespaces: ['payments'], token_policies: ['payments-eso-read'], token_ttl: '1h' } },
      { path: 'auth/kubernetes-eks-prod/role/eks-prod-orders', parameters: { bound_service_account_names: ['vault-eso'], bound_service_account_namespaces: ['orders'], token_policies: ['orders-eso-read'], token_ttl: '1h' } },
    ]);
    for (const role of plan.clusters.flatMap(c => c.roles)) {
      // Hybrid roles check no audience: ESO's token carries the API server's (see HybridClusterAuth).
      expect(kubernetesRoleProblems(role, null)).toEqual([]);
    }
    expect(eks.namespaces[0].provider).toEqual({ server: vault.address, path: 'secret', version: 'v2', serviceAccount: 'vault-eso', role: 'eks-prod-payments', mountPath: 'kubernetes-eks-prod' });
  });

  test('the policies: the same in every cluster, read-only on exactly each namespace\'s KV v2 paths', async () => {
    for (const c of plan.clusters) {
      expect(c.policies).toEqual(plan.clusters[0].policies);
      expect(scriptParts(c.setupScript).policies).toEqual(c.policies);
    }
    const p = plan.clusters[0].policies;
    expect(await readOnlyPolicyProblems('payments-eso-read', p['payments-eso-read'], ['secret/data/payments/postgres', 'secret/data/payments/gateway'])).toEqual([]);
    expect(await readOnlyPolicyProblems('orders-eso-read', p['orders-eso-read'], ['secret/data/orders/db'])).toEqual([]);
    const v1 = hybridMultiCloudPlan({ name: 'h', vault: { ...vault, kvVersion: 'v1' }, clusters }, secrets, []);
    expect(await readOnlyPolicyProblems('orders-eso-read', v1.clusters[0].policies['orders-eso-read'], ['secret/orders/db'])).toEqual([]);
  });

  test('the setup script: mount enabled when missing, config from the environment and a CA file, no secret', () => {
    const { commands } = scriptParts(plan.clusters[1].setupScript);
    expect(commands).toEqual([
      'set -euo pipefail',
      'export VAULT_ADDR="${VAULT_ADDR:-https://vault.example.com:8200}"',
      'if ! vault audit list -format=json | grep -q \'"file/"\'; then',
      '  vault audit enable -path=file file file_path=/vault/audit/audit.log',
      'fi',
      'if ! vault auth list -format=json | grep -q \'"kubernetes-gke-prod/"\'; then',
      '  vault auth enable -path=kubernetes-gke-prod kubernetes',
      'fi',
      'vault write auth/kubernetes-gke-prod/config kubernetes_host="${GKE_PROD_KUBERNETES_HOST:?set it to the API server URL of gke-prod}" kubernetes_ca_cert=@gke-prod-ca.crt disable_local_ca_jwt=true',
      'vault write auth/kubernetes-gke-prod/role/gke-prod-payments bound_service_account_names=vault-eso bound_service_account_namespaces=payments token_policies=payments-eso-read token_ttl=1h',
      'vault write auth/kubernetes-gke-prod/role/gke-prod-orders bound_service_account_names=vault-eso bound_service_account_namespaces=orders token_policies=orders-eso-read token_ttl=1h',
    ]);
    expect(plan.clusters[1].setupScript).not.toMatch(/token_reviewer_jwt|secret_id|password=/);
  });

  test('EKS with AWS IAM auth through IRSA: the store signs with vault-eso\'s role, the Vault role is bound to it', () => {
    const p = hybridMultiCloudPlan({ name: 'h', vault, clusters: [{ name: 'eks-prod', cloud: 'aws', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: { payments: IRSA } } }] },
      [secrets[0]], []);
    const c = p.clusters[0];
    expect(c.authMount).toBe('aws-eks-prod');
    expect(c.namespaces[0].provider).toEqual({
      server: vault.address, path: 'secret', version: 'v2', serviceAccount: 'vault-eso', awsIam: { region: 'us-east-1', vaultRole: 'eks-prod-payments', path: 'aws-eks-prod' },
    });
    expect(c.namespaces[0].storeServiceAccount.identity?.annotations).toEqual({ 'eks.amazonaws.com/role-arn': IRSA });
    expect(c.namespaces[0].tokenReviewBinding).toBeUndefined();
    expect(c.roles).toEqual([{ path: 'auth/aws-eks-prod/role/eks-prod-payments', parameters: { auth_type: 'iam', bound_iam_principal_arn: [IRSA], token_policies: ['payments-eso-read'], token_ttl: '1h' } }]);
    expect(scriptParts(c.setupScript).commands).toContain('  vault auth enable -path=aws-eks-prod aws');
  });

  test.each([
    [{ vault, clusters: [] }, [], [], 'HybridMultiCloudSecrets: clusters is empty; list the clusters ({ name, cloud }).'],
    [{ vault, clusters: [clusters[0], clusters[0]] }, [], [], 'HybridMultiCloudSecrets: clusters[1].name "eks-prod" is given twice; each cluster has its own chart, auth mount and roles.'],
    [{ vault, clusters: [{ name: 'EKS', cloud: 'aws' }] }, [], [], 'HybridMultiCloudSecrets: clusters[0].name "EKS" is not a cluster name'],
    [{ vault, clusters: [{ name: 'aks', cloud: 'azure', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: {} } }] }, [], [], 'HybridMultiCloudSecrets: clusters[0].auth.kind "aws-iam" needs IRSA, which only EKS clusters have; cluster "aks" runs on "azure". Use { kind: "kubernetes" }.'],
    [{ vault, clusters: [{ name: 'aks', cloud: 'azure', auth: { kind: 'azure' } }] }, [], [], 'HybridMultiCloudSecrets: clusters[0].auth.kind "azure" is not an auth method; use "kubernetes" or "aws-iam" (ESO\'s Vault provider has no Azure auth method).'],
    [{ vault, clusters: [{ name: 'eks', cloud: 'aws', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: {} } }] }, [secrets[0]], [], 'HybridMultiCloudSecrets: clusters["eks"].auth.roleArns["payments"] undefined is not an IAM role ARN; give the IRSA role of ServiceAccount payments/vault-eso for every namespace with secrets.'],
    [{ vault, clusters }, [{ ...secrets[0], remoteKey: 'payments/*' }], [], 'HybridMultiCloudSecrets: secrets["payments/postgres-credentials"].remoteKey "payments/*" contains a wildcard'],
    [{ vault, clusters }, [{ ...secrets[0], namespace: 'kube-system' }], [], 'HybridMultiCloudSecrets: secrets["kube-system/postgres-credentials"].namespace "kube-system" is refused'],
    [{ vault, clusters }, [secrets[0], secrets[0]], [], 'HybridMultiCloudSecrets: secrets["payments/postgres-credentials"] is added twice; each Secret is synchronised by one ExternalSecret.'],
    [{ vault, clusters }, [secrets[0]], [{ namespace: 'payments', name: 'api', files: ['nope'] }], 'HybridMultiCloudSecrets: apps["payments/api"].files[0] "nope" is not a Secret of namespace "payments"; add it first with addSecret("payments", "nope", { remoteKey }).'],
    [{ vault, clusters }, [secrets[0]], [{ namespace: 'payments', name: 'api', files: [] }], 'HybridMultiCloudSecrets: apps["payments/api"].files is empty'],
    [{ vault: { ...vault, address: 'http://vault:8200' }, clusters }, [secrets[0]], [], 'SecretStoreProvider.vault: server "http://vault:8200" uses http'],
    [{ vault: { ...vault, cidrs: ['203.0.113.10/32'] }, clusters }, [], [], 'HybridMultiCloudSecrets: clusters["eks-prod"].apiServerCidrs is unset, but vault.cidrs is given'],
  ] as Array<[any, any[], any[], string]>)('refuses %#', (options, s, a, message) => {
    expect(() => hybridMultiCloudPlan({ name: 'h', ...options }, s, a)).toThrow(message);
  });
});

describe('the setup scripts run (bash, a stub vault CLI keeping state)', () => {
  const fs = jest.requireActual('fs') as typeof import('fs');
  const os = jest.requireActual('os') as typeof import('os');
  const path = jest.requireActual('path') as typeof import('path');
  const plan = hybridMultiCloudPlan({ name: 'hybrid', vault, clusters }, secrets, apps);

  test('idempotent: the second run enables nothing and writes the same policies and roles', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-setup-'));
    const script = plan.clusters[0].setupScript;
    const env = { EKS_PROD_KUBERNETES_HOST: 'https://10.0.0.1:443' };
    const first = runSetupScript(script, dir, env);
    expect(first.status).toBe(0);
    expect(first.calls.filter(c => / enable /.test(c))).toEqual([
      'audit enable -path=file file file_path=/vault/audit/audit.log',
      'auth enable -path=kubernetes-eks-prod kubernetes',
    ]);
    expect(first.calls).toContain('write auth/kubernetes-eks-prod/config kubernetes_host=https://10.0.0.1:443 kubernetes_ca_cert=@eks-prod-ca.crt disable_local_ca_jwt=true');
    const second = runSetupScript(script, dir, env);
    expect(second.status).toBe(0);
    expect(second.calls.filter(c => / enable /.test(c))).toEqual([]);
    const writes = (run: typeof first) => run.calls.filter(c => !/^(audit|auth) (list|enable)/.test(c));
    expect(writes(second)).toEqual(writes(first));
    expect(writes(first).map(c => c.split(' << ')[0])).toEqual([
      'write auth/kubernetes-eks-prod/config kubernetes_host=https://10.0.0.1:443 kubernetes_ca_cert=@eks-prod-ca.crt disable_local_ca_jwt=true',
      'policy write orders-eso-read -', 'policy write payments-eso-read -',
      ...plan.clusters[0].roles.map(r => `write ${r.path} ${Object.entries(r.parameters).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`).join(' ')}`),
    ]);
    // The policy bodies reach Vault exactly as planned (the quoted heredoc expands nothing).
    for (const [name, hcl] of Object.entries(plan.clusters[0].policies)) {
      expect(fs.readFileSync(path.join(dir, `policy-${name}.hcl`), 'utf8')).toBe(hcl);
    }
  });

  test('refuses to run without the cluster\'s API server address', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-setup-'));
    const run = runSetupScript(plan.clusters[1].setupScript, dir);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('GKE_PROD_KUBERNETES_HOST: set it to the API server URL of gke-prod');
    expect(run.calls.some(c => c.startsWith('write auth/kubernetes-gke-prod/role'))).toBe(false);
  });
});
