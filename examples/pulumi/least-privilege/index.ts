/**
 * Least-privilege secret access for the payment API (Pulumi): the twin of
 * examples/cdk8s/least-privilege. The same ServiceAccount, Role and RoleBinding, from the same core.
 *
 * Run against a cluster with `pulumi up` in this folder (Pulumi.yaml), or offline under mocks with
 * `npm run examples`, which writes the resources it would create to dist/examples/pulumi/least-privilege/.
 */
import * as k8s from '@pulumi/kubernetes';
import { SecretReader, SecureServiceAccount, WorkloadIdentity } from 'kube-secure-secrets/pulumi';

const namespace = 'payments';

export const serviceAccount = new SecureServiceAccount('payment-api-sa', {
  name: 'payment-api-sa',
  namespace,
  identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api'),
});

export const reader = new SecretReader('reader', {
  namespace,
  serviceAccount,
  secrets: ['postgres-credentials', 'payment-gateway-key'],
});

export const deployment = new k8s.apps.v1.Deployment('payment-api', {
  metadata: { name: 'payment-api', namespace },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'payment-api' } },
    template: {
      metadata: { labels: { app: 'payment-api' } },
      spec: {
        serviceAccountName: serviceAccount.serviceAccountName,
        // The app reads its two Secrets through the API: the pod opts in to a token, the SA default stays off.
        automountServiceAccountToken: true,
        securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 },
        containers: [{
          name: 'main',
          image: 'registry.example.com/payment-api:3.0.0',
          ports: [{ containerPort: 8080 }],
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        }],
      },
    },
  },
}, { dependsOn: [reader] });

export const roleName = reader.roleName;
