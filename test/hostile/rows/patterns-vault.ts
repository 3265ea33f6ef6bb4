/**
 * Hostile input for the Vault patterns (issue 14): EnterpriseVaultSecrets and HybridMultiCloudSecrets in
 * the core plans, the cdk8s constructs and the Pulumi components.
 */
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../../src';
import { enterpriseVaultPlan } from '../../../src/core/patterns/enterprise-vault';
import { hybridMultiCloudPlan } from '../../../src/core/patterns/hybrid-multi-cloud';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const bad = <T>(value: unknown) => value as T;
const EV = 'EnterpriseVaultSecrets';
const VAULT = { address: 'https://vault.vault.svc:8200' };
const SECRETS = [{ name: 'db', path: 'secret/data/payments/db' }];
const plan = (vault: unknown, apps: unknown[] = []) => enterpriseVaultPlan({ name: 'v', namespace: 'payments', vault: bad(vault) }, bad(apps));

const HY = 'HybridMultiCloudSecrets';
const HV = { address: 'https://vault.example.com:8200', kvPath: 'secret' };
const CL = [{ name: 'eks-prod', cloud: 'aws' }];
const SEC = { namespace: 'payments', name: 'db', remoteKey: 'payments/db' };
const hybrid = (o: Record<string, unknown>, secrets: unknown[] = [], apps: unknown[] = []) =>
  hybridMultiCloudPlan(bad({ name: 'h', vault: HV, clusters: CL, ...o }), bad(secrets), bad(apps));

function cdk8sApp(props: Partial<cdk8s.EnterpriseVaultAppProps>, name = 'api') {
  const chart = testChart();
  const workload = new kplus.Deployment(chart, 'd', { securityContext: { user: 1000 }, containers: [{ image: 'registry.example.com/a:1' }] });
  const v = new cdk8s.EnterpriseVaultSecrets(chart, 'vault', { vault: VAULT });
  return v.addApp(name, { workload, secrets: SECRETS, ...props } as cdk8s.EnterpriseVaultAppProps);
}

export const rows: HostileRow[] = [
  // Core plan: the Vault connection
  { name: 'enterprise: vault missing', run: () => plan(undefined), component: EV, prop: 'vault', shows: 'received undefined' },
  { name: 'enterprise: http address', run: () => plan({ address: 'http://vault:8200' }), component: EV, prop: 'vault.address', shows: '"http://vault:8200"' },
  { name: 'enterprise: password in the address', run: () => plan({ address: `https://u:${CANARIES.urlPassword}@vault:8200` }), component: EV, prop: 'vault.address', shows: '<redacted>' },
  { name: 'enterprise: address with a path', run: () => plan({ address: 'https://vault:8200/v1/secret' }), component: EV, prop: 'vault.address', shows: '"https://vault:8200/v1/secret"' },
  { name: 'enterprise: address not a URL', run: () => plan({ address: 'vault:8200 x' }), component: EV, prop: 'vault.address', shows: '"vault:8200 x"' },
  { name: 'enterprise: allowPlaintextVaultAddress "true"', run: () => plan({ ...VAULT, allowPlaintextVaultAddress: 'true' }), component: EV, prop: 'vault.allowPlaintextVaultAddress', shows: 'a string "true"' },
  { name: 'enterprise: upper-case Vault namespace', run: () => plan({ ...VAULT, namespace: 'Vault' }), component: EV, prop: 'vault.namespace', shows: '"Vault"' },
  { name: 'enterprise: empty Vault pod labels', run: () => plan({ ...VAULT, podLabels: {} }), component: EV, prop: 'vault.podLabels', shows: /is empty/ },
  { name: 'enterprise: port 0', run: () => plan({ ...VAULT, port: 0 }), component: EV, prop: 'vault.port', shows: '0 is not a TCP port' },
  { name: 'enterprise: authMount with a slash', run: () => plan({ ...VAULT, authMount: 'auth/kubernetes' }), component: EV, prop: 'vault.authMount', shows: '"auth/kubernetes"' },
  { name: 'enterprise: audit path with a space', run: () => plan({ ...VAULT, audit: { path: 'my file' } }), component: EV, prop: 'vault.audit.path', shows: '"my file"' },
  { name: 'enterprise: relative audit file', run: () => plan({ ...VAULT, audit: { filePath: 'audit.log' } }), component: EV, prop: 'vault.audit.filePath', shows: '"audit.log"' },
  { name: 'enterprise: audit file with a quote', run: () => plan({ ...VAULT, audit: { filePath: "/vault/a'b" } }), component: EV, prop: 'vault.audit.filePath', shows: /absolute path without spaces or quotes/ },
  { name: 'enterprise: kubernetesHost over http', run: () => plan({ ...VAULT, kubernetesHost: 'http://10.0.0.1' }), component: EV, prop: 'vault.kubernetesHost', shows: '"http://10.0.0.1"' },
  { name: 'enterprise: audience with a comma', run: () => plan({ ...VAULT, audience: 'vault,other' }), component: EV, prop: 'vault.audience', shows: '"vault,other"' },
  { name: 'enterprise: additional client with empty labels', run: () => plan({ ...VAULT, additionalClients: [{ namespace: 'eso', podLabels: {} }] }), component: 'VaultAccessPolicy', prop: 'clients[0].podLabels', shows: /is empty/ },
  // Core plan: apps
  { name: 'enterprise: app name with upper case', run: () => plan(VAULT, [{ name: 'Api', secrets: SECRETS }]), component: EV, prop: 'addApp name', shows: '"Api"' },
  { name: 'enterprise: app without secrets', run: () => plan(VAULT, [{ name: 'api', secrets: [] }]), component: EV, prop: 'apps["api"].secrets', shows: /is empty/ },
  { name: 'enterprise: secrets a string', run: () => plan(VAULT, [{ name: 'api', secrets: 'secret/data/x' }]), component: EV, prop: 'apps["api"].secrets', shows: '"secret/data/x"' },
  { name: 'enterprise: app twice', run: () => plan(VAULT, [{ name: 'api', secrets: SECRETS }, { name: 'api', secrets: SECRETS }]), component: EV, prop: 'apps["api"]', shows: /added twice/ },
  { name: 'enterprise: app in the Vault namespace', run: () => plan(VAULT, [{ name: 'api', namespace: 'vault', secrets: SECRETS }]), component: EV, prop: 'apps["api"].namespace', shows: '"vault"' },
  { name: 'enterprise: wildcard path', run: () => plan(VAULT, [{ name: 'api', secrets: [{ name: 'db', path: 'secret/data/*' }] }]), component: `${EV} apps["api"]`, prop: 'secrets[0].path', shows: '"secret/data/*"' },
  { name: 'enterprise: dot-dot path', run: () => plan(VAULT, [{ name: 'api', secrets: [{ name: 'db', path: 'secret/data/../sys' }] }]), component: `${EV} apps["api"]`, prop: 'secrets[0].path', shows: '"secret/data/../sys"' },
  { name: 'enterprise: secret file name with a slash', run: () => plan(VAULT, [{ name: 'api', secrets: [{ name: 'a/b', path: 'secret/data/x' }] }]), component: `${EV} apps["api"]`, prop: 'secrets[0].name', shows: '"a/b"' },
  { name: 'enterprise: perms 0644', run: () => plan(VAULT, [{ name: 'api', secrets: [{ ...SECRETS[0], perms: '0644' }] }]), component: `${EV} apps["api"]`, prop: 'secrets[0].perms', shows: '"0644"' },
  { name: 'enterprise: tokenTtl "forever"', run: () => plan(VAULT, [{ name: 'api', secrets: SECRETS, tokenTtl: 'forever' }]), component: `${EV} apps["api"]`, prop: 'tokenTtl', shows: '"forever"' },
  { name: 'enterprise: ServiceAccount disagrees with the workload', run: () => plan(VAULT, [{ name: 'api', secrets: SECRETS, serviceAccountName: 'a', workloadServiceAccountName: 'b' }]), component: EV, prop: 'apps["api"].serviceAccountName', shows: '"a"' },
  { name: 'enterprise: ServiceAccount name invalid', run: () => plan(VAULT, [{ name: 'api', secrets: SECRETS, serviceAccountName: 'Bad SA' }]), component: EV, prop: 'apps["api"].serviceAccountName', shows: '"Bad SA"' },
  // cdk8s
  { name: 'enterprise cdk8s: workload a plain object', run: () => cdk8sApp({ workload: bad({ kind: 'Deployment' }) }), component: EV, prop: 'apps["api"].workload', shows: 'an object' },
  {
    name: 'enterprise cdk8s: sidecar for a Job',
    run: () => {
      const chart = testChart();
      const job = new kplus.Job(chart, 'j', { securityContext: { user: 1000 }, containers: [{ image: 'registry.example.com/a:1' }] });
      return new cdk8s.EnterpriseVaultSecrets(chart, 'v', { vault: VAULT }).addApp('job', { workload: job, secrets: SECRETS, prePopulateOnly: false });
    },
    component: 'VaultAgentInjection',
    prop: 'prePopulateOnly',
    shows: /never finish/,
  },
  { name: 'enterprise cdk8s: unknown container', run: () => cdk8sApp({ containers: ['nope'] }), component: 'VaultAgentInjection', prop: 'containers[0]', shows: '"nope"' },
  // Pulumi
  { name: 'enterprise pulumi: namespace missing', run: () => new pl.EnterpriseVaultSecrets('v', bad({ vault: VAULT })), component: EV, prop: 'namespace', shows: 'undefined' },
  {
    name: 'enterprise pulumi: workload spec an Output-like',
    run: () => new pl.EnterpriseVaultSecrets('v2', {
      namespace: 'payments',
      vault: VAULT,
      apps: { api: { secrets: SECRETS, workload: bad({ metadata: { name: 'a' }, spec: 'x' }) } },
    }),
    component: EV,
    prop: 'args.spec',
    shows: /plain object/,
  },

  // Hybrid: core plan
  { name: 'hybrid: clusters missing', run: () => hybrid({ clusters: undefined }), component: HY, prop: 'clusters', shows: 'undefined' },
  { name: 'hybrid: clusters empty', run: () => hybrid({ clusters: [] }), component: HY, prop: 'clusters', shows: /is empty/ },
  { name: 'hybrid: cluster name upper case', run: () => hybrid({ clusters: [{ name: 'EKS', cloud: 'aws' }] }), component: HY, prop: 'clusters[0].name', shows: '"EKS"' },
  { name: 'hybrid: cluster name too long', run: () => hybrid({ clusters: [{ name: 'a'.repeat(41), cloud: 'aws' }] }), component: HY, prop: 'clusters[0].name', shows: /at most 40/ },
  { name: 'hybrid: cloud "openstack"', run: () => hybrid({ clusters: [{ name: 'c', cloud: 'openstack' }] }), component: HY, prop: 'clusters[0].cloud', shows: '"openstack"' },
  { name: 'hybrid: cluster twice', run: () => hybrid({ clusters: [CL[0], CL[0]] }), component: HY, prop: 'clusters[1].name', shows: '"eks-prod"' },
  { name: 'hybrid: azure auth', run: () => hybrid({ clusters: [{ name: 'aks', cloud: 'azure', auth: { kind: 'azure' } }] }), component: HY, prop: 'clusters[0].auth.kind', shows: '"azure"' },
  { name: 'hybrid: aws-iam on GKE', run: () => hybrid({ clusters: [{ name: 'gke', cloud: 'gcp', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: {} } }] }), component: HY, prop: 'clusters[0].auth.kind', shows: '"gcp"' },
  { name: 'hybrid: aws-iam bad region', run: () => hybrid({ clusters: [{ name: 'eks', cloud: 'aws', auth: { kind: 'aws-iam', region: 'mars-1', roleArns: {} } }] }), component: HY, prop: 'clusters[0].auth.region', shows: '"mars-1"' },
  { name: 'hybrid: aws-iam role ARN missing', run: () => hybrid({ clusters: [{ name: 'eks', cloud: 'aws', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: {} } }] }, [SEC]), component: HY, prop: 'clusters["eks"].auth.roleArns["payments"]', shows: 'undefined' },
  { name: 'hybrid: aws-iam user ARN', run: () => hybrid({ clusters: [{ name: 'eks', cloud: 'aws', auth: { kind: 'aws-iam', region: 'us-east-1', roleArns: { payments: 'arn:aws:iam::111122223333:user/bob' } } }] }, [SEC]), component: HY, prop: 'clusters["eks"].auth.roleArns["payments"]', shows: '"arn:aws:iam::111122223333:user/bob"' },
  { name: 'hybrid: kubernetesHost http', run: () => hybrid({ clusters: [{ name: 'c', cloud: 'gcp', auth: { kind: 'kubernetes', kubernetesHost: 'http://10.0.0.1' } }] }), component: HY, prop: 'clusters[0].auth.kubernetesHost', shows: '"http://10.0.0.1"' },
  { name: 'hybrid: caCertFile with a space', run: () => hybrid({ clusters: [{ name: 'c', cloud: 'gcp', auth: { kind: 'kubernetes', caCertFile: 'my ca.crt' } }] }), component: HY, prop: 'clusters[0].auth.caCertFile', shows: '"my ca.crt"' },
  { name: 'hybrid: kvPath with a wildcard', run: () => hybrid({ vault: { ...HV, kvPath: 'secret/*' } }), component: HY, prop: 'vault.kvPath', shows: '"secret/*"' },
  { name: 'hybrid: kvVersion v3', run: () => hybrid({ vault: { ...HV, kvVersion: 'v3' } }), component: HY, prop: 'vault.kvVersion', shows: '"v3"' },
  { name: 'hybrid: vault.cidrs without apiServerCidrs', run: () => hybrid({ vault: { ...HV, cidrs: ['203.0.113.10/32'] } }), component: HY, prop: 'clusters["eks-prod"].apiServerCidrs', shows: /is unset/ },
  { name: 'hybrid: vault.cidrs 0.0.0.0/0', run: () => hybrid({ vault: { ...HV, cidrs: ['0.0.0.0/0'] }, clusters: [{ ...CL[0], apiServerCidrs: ['10.0.0.0/16'] }] }), component: 'ExternalSecretsEgressPolicy', prop: 'vaultCidrs', shows: '"0.0.0.0/0"' },
  { name: 'hybrid: secret in kube-system', run: () => hybrid({}, [{ ...SEC, namespace: 'kube-system' }]), component: HY, prop: 'secrets["kube-system/db"].namespace', shows: '"kube-system"' },
  { name: 'hybrid: remoteKey with ..', run: () => hybrid({}, [{ ...SEC, remoteKey: 'payments/../sys' }]), component: HY, prop: 'secrets["payments/db"].remoteKey', shows: '"payments/../sys"' },
  { name: 'hybrid: empty keys', run: () => hybrid({}, [{ ...SEC, keys: {} }]), component: HY, prop: 'secrets["payments/db"].keys', shows: /is empty/ },
  { name: 'hybrid: key with a slash', run: () => hybrid({}, [{ ...SEC, keys: { 'a/b': 'password' } }]), component: HY, prop: 'secrets["payments/db"].keys', shows: '"a/b"' },
  { name: 'hybrid: refreshInterval "hourly"', run: () => hybrid({}, [{ ...SEC, refreshInterval: 'hourly' }]), component: HY, prop: 'secrets["payments/db"].refreshInterval', shows: '"hourly"' },
  { name: 'hybrid: secret twice', run: () => hybrid({}, [SEC, SEC]), component: HY, prop: 'secrets["payments/db"]', shows: /added twice/ },
  { name: 'hybrid: app mounts an unknown Secret', run: () => hybrid({}, [SEC], [{ namespace: 'payments', name: 'api', files: ['nope'] }]), component: HY, prop: 'apps["payments/api"].files[0]', shows: '"nope"' },
  { name: 'hybrid: app files a string', run: () => hybrid({}, [SEC], [{ namespace: 'payments', name: 'api', files: 'db' }]), component: HY, prop: 'apps["payments/api"].files', shows: '"db"' },
  { name: 'hybrid: http Vault', run: () => hybrid({ vault: { ...HV, address: 'http://vault:8200' } }, [SEC]), component: 'SecretStoreProvider.vault', prop: 'server', shows: '"http://vault:8200"' },
  // Hybrid: cdk8s and Pulumi
  { name: 'hybrid cdk8s: unknown cluster', run: () => new cdk8s.HybridMultiCloudSecrets(testChart().node.root as never, 'h', bad({ vault: HV, clusters: CL })).chart('nope'), component: HY, prop: 'cluster', shows: '"nope"' },
  { name: 'hybrid pulumi: clusters a string', run: () => new pl.HybridMultiCloudSecrets('h', bad({ vault: HV, clusters: 'eks' })), component: HY, prop: 'clusters', shows: '"eks"' },
  {
    name: 'hybrid pulumi: workload for an unknown cluster',
    run: () => new pl.HybridMultiCloudSecrets('h2', bad({
      vault: HV,
      clusters: CL,
      secrets: { payments: { db: { remoteKey: 'payments/db' } } },
      apps: { payments: { api: { files: ['db'], workloads: { nope: { args: {} } } } } },
    })),
    component: HY,
    prop: 'apps["payments/api"].workloads',
    shows: '"nope"',
  },
];
