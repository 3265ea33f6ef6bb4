/**
 * SPIFFE workload identity for the payment API (Pulumi): the twin of examples/cdk8s/spiffe.
 *
 * Run against a cluster with `pulumi up` in this folder (Pulumi.yaml), or offline under mocks with
 * `npm run examples`.
 */
import { ClusterSPIFFEID, SecureServiceAccount, clusterSpiffeIdForServiceAccount } from 'kube-secure-secrets/pulumi';

export const serviceAccount = new SecureServiceAccount('sa', { name: 'payment-api', namespace: 'payments' });
export const identity = new ClusterSPIFFEID('identity', clusterSpiffeIdForServiceAccount(serviceAccount, {
  trustDomain: 'example.org',
  podSelector: { matchLabels: { app: 'payment-api' } },
  federatesWith: ['partner.example.com'],
}));
