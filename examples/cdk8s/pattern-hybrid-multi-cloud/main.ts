/**
 * HybridMultiCloudSecrets (cdk8s): one central Vault, the External Secrets Operator in three clusters on
 * three clouds, authentication per cluster (Vault Kubernetes auth per cluster; on EKS, Vault AWS IAM auth
 * through IRSA), and the same namespaces, ExternalSecrets, ServiceAccounts and NetworkPolicies
 * everywhere (the seeds' pattern 4).
 *
 * `cdk8s synth` writes one manifest file per cluster (`dist/<n>-eks-prod.k8s.yaml`, ...) and each
 * cluster's compliance report (`hybrid-<cluster>.compliance.json`); the Vault operator runs
 * `vault-setup-<cluster>.sh` once per cluster (idempotent, no secret value: the API server addresses come
 * from `<CLUSTER>_KUBERNETES_HOST`, the CA from `<cluster>-ca.crt`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { HybridMultiCloudSecrets } from 'kube-secure-secrets';

/** The pattern, with the payment API running in EKS and GKE and only declared (for Helm) on AKS. */
export function build(app: App): HybridMultiCloudSecrets {
  const hybrid = new HybridMultiCloudSecrets(app, 'hybrid', {
    vault: { address: 'https://vault.example.com:8200', kvPath: 'secret' },
    clusters: [
      {
        name: 'eks-prod',
        cloud: 'aws',
        auth: {
          kind: 'aws-iam',
          region: 'us-east-1',
          roleArns: { payments: 'arn:aws:iam::111122223333:role/eks-prod-payments-vault' },
        },
      },
      { name: 'gke-prod', cloud: 'gcp' },
      { name: 'aks-prod', cloud: 'azure' },
    ],
  });
  hybrid.addSecret('payments', 'postgres-credentials', {
    remoteKey: 'payments/postgres',
    keys: { POSTGRES_PASSWORD: 'password' },
  });

  const api = (cluster: string) => new kplus.Deployment(hybrid.chart(cluster), 'payment-api', {
    metadata: { name: 'payment-api', namespace: 'payments' },
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name: 'api', image: 'registry.example.com/payment-api:2.1.0', portNumber: 8080 }],
  });
  hybrid.addApp('payments', 'payment-api', {
    files: ['postgres-credentials'],
    workloads: { 'eks-prod': api('eks-prod'), 'gke-prod': api('gke-prod') },
  });
  // hybrid.chart('aks-prod') has the ServiceAccount and the Secret; a Helm chart mounts what
  // addApp(...).mounts says.
  return hybrid;
}

if (require.main === module) {
  const app = new App();
  const hybrid = build(app);
  app.synth();
  for (const cluster of ['eks-prod', 'gke-prod', 'aks-prod']) {
    fs.writeFileSync(path.join(app.outdir, `vault-setup-${cluster}.sh`), hybrid.setupScript(cluster), { mode: 0o755 });
  }
}
