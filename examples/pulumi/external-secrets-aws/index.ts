/**
 * The payments scenario on AWS with the External Secrets Operator (Pulumi): the twin of
 * examples/cdk8s/external-secrets-aws, built from the same core. The `@pulumi/kubernetes` Deployment gets
 * its Secret volumes and Reloader annotation from `mountSecret` (no Secret in env).
 *
 * Run against a cluster with `pulumi up` in this folder, or offline with `npm run examples`.
 */
import * as k8s from '@pulumi/kubernetes';
import {
  ExternalSecret, NamespaceIsolation, SecretReader, SecretStore, SecretStoreProvider, SecureServiceAccount, WorkloadIdentity,
  mountSecret,
} from 'kube-secure-secrets/pulumi';

const namespace = 'payments';

export const esoSa = new SecureServiceAccount('eso-sa', {
  name: 'eso-sa',
  namespace,
  identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/eso-payments'),
});
export const store = new SecretStore('store', {
  name: 'aws-secrets-manager',
  namespace,
  provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
});

export const db = new ExternalSecret('db', {
  name: 'postgres-credentials-sync',
  namespace,
  store,
  refreshInterval: '1h',
  target: { name: 'postgres-credentials' },
  data: [
    { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
    { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
    { secretKey: 'POSTGRES_DB', remoteKey: 'production/payments/postgres', property: 'database' },
  ],
});
export const gateway = new ExternalSecret('gateway', {
  name: 'payment-gateway-key-sync',
  namespace,
  store,
  refreshInterval: '1h',
  target: { name: 'payment-gateway-key' },
  data: [{ secretKey: 'PAYMENT_GATEWAY_KEY', remoteKey: 'production/payments/gateway', property: 'apiKey' }],
});

export const apiSa = new SecureServiceAccount('api-sa', { name: 'payment-api-sa', namespace });

let deployment: k8s.apps.v1.DeploymentArgs = {
  metadata: { name: 'payment-api', namespace },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'payment-api' } },
    template: {
      metadata: { labels: { app: 'payment-api' } },
      spec: {
        serviceAccountName: apiSa.serviceAccountName,
        automountServiceAccountToken: false,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
        containers: [{
          name: 'payment-api',
          image: 'registry.example.com/payment-api:3.0.0',
          ports: [{ containerPort: 8080 }],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        }],
      },
    },
  },
};
deployment = mountSecret(deployment, db, { path: '/etc/secrets/postgres' }); // read-only volume, 0400, Reloader
deployment = mountSecret(deployment, gateway, { path: '/etc/secrets/gateway' }); // files too: no Secret in env (KSS-ENV-001/002)
export const api = new k8s.apps.v1.Deployment('payment-api', deployment, { dependsOn: [db, gateway] });

// API read access for a client that reads these two Secrets through the Kubernetes API.
export const reader = new SecretReader('reader', { namespace, serviceAccount: apiSa, secrets: [db, gateway] });
export const isolation = new NamespaceIsolation('isolation', { namespace });
