/**
 * Least-privilege secret access for the payment API (cdk8s).
 *
 * - `payment-api-sa`: a ServiceAccount with no API token mounted and an IRSA role for AWS access;
 * - a Role that can `get` exactly `postgres-credentials` and `payment-gateway-key` (no `list`, no
 *   wildcard) bound to that ServiceAccount;
 * - the `payment-api` Deployment running as it. The app reads these two Secrets through the Kubernetes
 *   API (to pick up rotated values without a restart), so its pods opt in to an API token at the pod
 *   level; the ServiceAccount default stays off, so nothing else that runs as it gets a token.
 *
 * Run: `npm run examples` (writes dist/examples/cdk8s/least-privilege/), or on its own:
 * `npx ts-node examples/cdk8s/least-privilege/main.ts` after `npx projen compile`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { SecretReader, SecureServiceAccount, WorkloadIdentity } from 'kube-secure-secrets';

export class PaymentsChart extends Chart {
  public readonly serviceAccount: SecureServiceAccount;
  public readonly reader: SecretReader;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);

    this.serviceAccount = new SecureServiceAccount(this, 'sa', {
      name: 'payment-api-sa',
      identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api'),
    });

    this.reader = new SecretReader(this, 'reader', {
      serviceAccount: this.serviceAccount,
      secrets: ['postgres-credentials', 'payment-gateway-key'],
    });

    new kplus.Deployment(this, 'api', {
      metadata: { name: 'payment-api' },
      replicas: 3,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: true,
      containers: [{
        image: 'registry.example.com/payment-api:3.0.0',
        portNumber: 8080,
        securityContext: { user: 10001, group: 10001 },
      }],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new PaymentsChart(app, 'payments');
  app.synth();
}
