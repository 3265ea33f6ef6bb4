/**
 * Infisical with the operator's current API (Pulumi): the twin of examples/cdk8s/infisical.
 *
 * Run against a cluster with `pulumi up` in this folder (Pulumi.yaml), or offline under mocks with
 * `npm run examples`.
 */
import { InfisicalAuth, InfisicalConnection, InfisicalStaticSecret, SecureServiceAccount } from 'kube-secure-secrets/pulumi';

const namespace = 'payments';

export const connection = new InfisicalConnection('conn', {
  name: 'infisical',
  namespace,
  address: 'https://infisical.internal.example.com',
  caCertificate: { name: 'infisical-ca', key: 'ca.crt' },
});
export const serviceAccount = new SecureServiceAccount('sa', { name: 'infisical-auth', namespace });
export const auth = new InfisicalAuth('auth', {
  name: 'payments-infisical',
  namespace,
  connection,
  kubernetes: { identityIdSecret: { name: 'infisical-identity', key: 'identityId' }, serviceAccount, audiences: ['infisical'] },
});
export const config = new InfisicalStaticSecret('config', {
  name: 'payments-api-config',
  namespace,
  auth,
  sources: [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api' }],
  targets: [{ name: 'payments-api-config' }],
  refreshInterval: '5m',
});
