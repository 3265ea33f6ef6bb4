/**
 * SPIFFE workload identity for the payment API (cdk8s): its own ServiceAccount and a ClusterSPIFFEID
 * derived from it, so SPIRE issues `spiffe://example.org/ns/payments/sa/payment-api` only to pods
 * labelled `app: payment-api` that run as that ServiceAccount in `payments`, with 1h X.509 and 5m JWT
 * SVIDs, federated with a partner trust domain.
 *
 * Run: `npm run examples` (writes dist/examples/cdk8s/spiffe/).
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterSPIFFEID, SecureServiceAccount, clusterSpiffeIdForServiceAccount } from 'kube-secure-secrets';

export class SpiffeChart extends Chart {
  public readonly identity: ClusterSPIFFEID;

  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const serviceAccount = new SecureServiceAccount(this, 'sa', { name: 'payment-api' });
    this.identity = new ClusterSPIFFEID(this, 'identity', clusterSpiffeIdForServiceAccount(serviceAccount, {
      trustDomain: 'example.org',
      podSelector: { matchLabels: { app: 'payment-api' } },
      federatesWith: ['partner.example.com'],
    }));
  }
}

if (require.main === module) {
  const app = new App();
  new SpiffeChart(app, 'payments');
  app.synth();
}
