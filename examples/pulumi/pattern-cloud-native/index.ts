/**
 * The seed payment-api scenario with the CloudNativeSecrets pattern (Pulumi), AWS side included: on a
 * KmsEncryptedEksCluster, the gateway key is created in Secrets Manager from a Pulumi secret (a
 * ManagedSecret under the cluster's KMS-backed policy), the store's IrsaRole reads exactly the two
 * secrets' ARNs, and the Kubernetes side is the cdk8s pattern's (parity-tested). The compliance report
 * is the stack output `report`.
 *
 * User code with the pattern, measured: 15 lines (from `const workload` to the closing `});` of the
 * pattern, this file), against 93 lines for the same scenario assembled by hand (issue 13).
 *
 * Set the key with `pulumi config set --secret gatewayKey ...`; offline (`npm run examples`) a
 * placeholder is used.
 */
import * as pulumi from '@pulumi/pulumi';
import { CloudNativeSecrets, KmsEncryptedEksCluster, SecretSource } from 'kube-secure-secrets/pulumi';

const config = new pulumi.Config();
const gatewayKey = config.getSecret('gatewayKey') ?? pulumi.secret('placeholder-not-a-real-key');
const kmsKeyArn = config.get('secretsKmsKeyArn') ?? 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'] });

const workload = (name: string, image: string) => ({
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 }, containers: [{ name, image }] },
    },
  },
});
export const secrets = new CloudNativeSecrets('payments', {
  namespace: 'payments',
  name: 'secrets',
  source: SecretSource.awsSecretsManager({ region: 'us-east-1' }),
  aws: { cluster, kmsKeyArn },
  secrets: {
    'postgres-credentials': { remoteKey: 'production/payments/postgres', keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' } },
    'payment-gateway-key': { remoteKey: 'production/payments/gateway', value: gatewayKey },
  },
  apps: {
    'payment-api': { workload: workload('payment-api', 'registry.example.com/payment-api:3.0.0'), files: ['postgres-credentials', 'payment-gateway-key'] },
    'ledger': { workload: workload('ledger', 'registry.example.com/ledger:2.1.0'), apiRead: ['postgres-credentials'] },
  },
});
export const report = secrets.report;
