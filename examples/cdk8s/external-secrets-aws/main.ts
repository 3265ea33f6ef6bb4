/**
 * The payments scenario on AWS with the External Secrets Operator (cdk8s).
 *
 * - `eso-sa`: the ServiceAccount ESO authenticates as (IRSA role scoped to the payment secrets; see
 *   examples/pulumi/aws-cloud-native for the AWS side);
 * - a SecretStore for AWS Secrets Manager using it, and two ExternalSecrets: the Postgres credentials
 *   (three keys from one JSON secret) and the payment gateway key;
 * - the `payment-api` Deployment (3 replicas) running as `payment-api-sa`, with the Postgres credentials
 *   and the gateway key mounted read-only (0400), no Secret in env; Reloader restarts it
 *   when either Secret changes;
 * - a SecretReader for exactly those two Secrets, and namespace isolation NetworkPolicies.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ExternalSecret, NamespaceIsolation, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, WorkloadIdentity,
  mountSecret,
} from 'kube-secure-secrets';

export class PaymentsAwsChart extends Chart {
  public readonly api: kplus.Deployment;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);

    const esoSa = new SecureServiceAccount(this, 'eso-sa', {
      name: 'eso-sa',
      identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/eso-payments'),
    });
    const store = new SecretStore(this, 'store', {
      name: 'aws-secrets-manager',
      provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
    });

    const db = new ExternalSecret(this, 'db', {
      name: 'postgres-credentials-sync',
      store,
      refreshInterval: '1h',
      target: { name: 'postgres-credentials' },
      data: [
        { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
        { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
        { secretKey: 'POSTGRES_DB', remoteKey: 'production/payments/postgres', property: 'database' },
      ],
    });
    const gateway = new ExternalSecret(this, 'gateway', {
      name: 'payment-gateway-key-sync',
      store,
      refreshInterval: '1h',
      target: { name: 'payment-gateway-key' },
      data: [{ secretKey: 'PAYMENT_GATEWAY_KEY', remoteKey: 'production/payments/gateway', property: 'apiKey' }],
    });

    const apiSa = new SecureServiceAccount(this, 'api-sa', { name: 'payment-api-sa' });
    this.api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      replicas: 3,
      serviceAccount: apiSa,
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'payment-api', image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
    });
    mountSecret(this.api, db, { path: '/etc/secrets/postgres' }); // read-only volume, 0400, Reloader
    mountSecret(this.api, gateway, { path: '/etc/secrets/gateway' }); // files too: no Secret in env (KSS-ENV-001/002)

    // API read access for a client that reads these two Secrets through the Kubernetes API (a rotation
    // watcher sidecar, say). Mounted and env Secrets are fetched by the kubelet and need no RBAC.
    new SecretReader(this, 'reader', { serviceAccount: apiSa, secrets: [db, gateway] });
    new NamespaceIsolation(this, 'isolation');
  }
}

if (require.main === module) {
  const app = new App();
  new PaymentsAwsChart(app, 'payments');
  app.synth();
}
