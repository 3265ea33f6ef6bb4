/**
 * HybridMultiCloudSecrets (Pulumi): the twin of examples/cdk8s/pattern-hybrid-multi-cloud. One
 * `k8s.Provider` per cluster, created from each cluster's kubeconfig (stack config
 * `kubeconfig-<cluster>`, secret), or pass `provider` for one you already have. The Vault side of each
 * cluster is exported as its setup script, the compliance reports as outputs.
 */
import * as pulumi from '@pulumi/pulumi';
import { HybridMultiCloudSecrets } from 'kube-secure-secrets/pulumi';

const config = new pulumi.Config();
const kubeconfig = (cluster: string) => config.getSecret(`kubeconfig-${cluster}`);
const apiArgs = {
  metadata: { name: 'payment-api', namespace: 'payments' },
  spec: {
    selector: { matchLabels: { app: 'payment-api' } },
    template: {
      metadata: { labels: { app: 'payment-api' } },
      spec: {
        securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
        automountServiceAccountToken: false,
        containers: [{ name: 'api', image: 'registry.example.com/payment-api:2.1.0', ports: [{ containerPort: 8080 }] }],
      },
    },
  },
};

export const hybrid = new HybridMultiCloudSecrets('hybrid', {
  vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
  clusters: [
    {
      name: 'eks-prod',
      cloud: 'aws',
      kubeconfig: kubeconfig('eks-prod'),
      auth: {
        kind: 'aws-iam',
        region: 'us-east-1',
        roleArns: { payments: 'arn:aws:iam::111122223333:role/eks-prod-payments-vault' },
      },
    },
    { name: 'gke-prod', cloud: 'gcp', kubeconfig: kubeconfig('gke-prod') },
    { name: 'aks-prod', cloud: 'azure', kubeconfig: kubeconfig('aks-prod') },
  ],
  secrets: { payments: { 'postgres-credentials': { remoteKey: 'payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } } } },
  apps: {
    payments: {
      'payment-api': {
        files: ['postgres-credentials'],
        workloads: { 'eks-prod': { args: apiArgs }, 'gke-prod': { args: apiArgs } },
      },
    },
  },
});

export const vaultSetupScripts = hybrid.setupScripts;
export const complianceReports = hybrid.reports;
