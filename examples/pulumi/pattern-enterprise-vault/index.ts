/**
 * EnterpriseVaultSecrets (Pulumi): the twin of examples/cdk8s/pattern-enterprise-vault, the same names
 * in the args-bag form. The component creates the workloads with the Vault agent injected, their
 * ServiceAccounts, the NetworkPolicies and the alerts; the Vault side is exported as data (feed it to
 * `@pulumi/vault`, or give `setupScript` to the Vault operator), the compliance report as an output.
 */
import { EnterpriseVaultSecrets } from 'kube-secure-secrets/pulumi';

const namespace = 'payments';
const image = (name: string, tag: string) => `registry.example.com/${name}:${tag}`;
const pod = (name: string, tag: string, restartPolicy?: string) => ({
  ...(restartPolicy ? { restartPolicy } : {}),
  securityContext: { runAsUser: 10001, runAsGroup: 10001, runAsNonRoot: true },
  automountServiceAccountToken: false,
  containers: [{ name, image: image(name, tag), securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true } }],
});

export const vault = new EnterpriseVaultSecrets('vault', {
  namespace,
  vault: { address: 'https://vault.internal.example:8200', namespace: 'vault' },
  apps: {
    'payment-api': {
      secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }],
      workload: {
        metadata: { name: 'payment-api', namespace },
        spec: {
          selector: { matchLabels: { app: 'payment-api' } },
          template: { metadata: { labels: { app: 'payment-api' } }, spec: pod('payment-api', '2.1.0') },
        },
      },
    },
    'reports': {
      secrets: [{ name: 'warehouse', path: 'secret/data/payments/warehouse' }],
      workload: {
        metadata: { name: 'reports', namespace },
        spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: pod('reports', '1.3.0', 'Never') } } } },
      },
    },
  },
});

export const vaultPolicies = vault.policies;
export const vaultSetupScript = vault.setupScript;
export const complianceReport = vault.report;
