/**
 * Google Cloud (cdk8s): a SecretStore for Google Secret Manager authenticated with GKE Workload Identity,
 * and an ExternalSecret that assembles a `kubernetes.io/tls` Secret mounted read-only into the workload.
 *
 * Google side: the Google service account `eso-payments@payments-prod.iam.gserviceaccount.com` has
 * `roles/secretmanager.secretAccessor` on the two secrets and `roles/iam.workloadIdentityUser` for
 * `payments-prod.svc.id.goog[payments/eso-gcp]`.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ExternalSecret, ExternalSecretTemplate, NamespaceIsolation, SecretStore, SecretStoreProvider, SecureServiceAccount, WorkloadIdentity,
  mountSecret,
} from 'kube-secure-secrets';

export class PaymentsGcpChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = { namespace: 'payments' }) {
    super(scope, id, props);
    const esoSa = new SecureServiceAccount(this, 'eso-gcp', {
      name: 'eso-gcp',
      identity: WorkloadIdentity.gcp('eso-payments@payments-prod.iam.gserviceaccount.com'),
    });
    const store = new SecretStore(this, 'store', {
      name: 'gcp-secret-manager',
      provider: SecretStoreProvider.gcpSecretManager({
        projectId: 'payments-prod',
        serviceAccount: esoSa,
        clusterLocation: 'europe-west1',
        clusterName: 'prod-eu',
      }),
    });
    const tls = new ExternalSecret(this, 'tls', {
      name: 'api-tls',
      store,
      refreshInterval: '6h',
      target: { name: 'api-tls', template: ExternalSecretTemplate.tls({ certKey: 'cert', keyKey: 'key' }) },
      data: [
        { secretKey: 'cert', remoteKey: 'payments-api-tls-cert' },
        { secretKey: 'key', remoteKey: 'payments-api-tls-key' },
      ],
    });
    const api = new kplus.Deployment(this, 'api', {
      metadata: { name: 'payments-api' },
      securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
      containers: [{ name: 'api', image: 'europe-docker.pkg.dev/payments-prod/apps/api:2.1.0', portNumber: 8443 }],
    });
    mountSecret(api, tls, { path: '/etc/tls' });
    new NamespaceIsolation(this, 'isolation');
  }
}

if (require.main === module) {
  const app = new App();
  new PaymentsGcpChart(app, 'payments');
  app.synth();
}
