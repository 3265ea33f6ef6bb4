/**
 * ESO beyond one ExternalSecret (Pulumi): the twin of examples/cdk8s/external-secrets-generators.
 *
 * Run against a cluster with `pulumi up` in this folder (Pulumi.yaml), or offline under mocks with
 * `npm run examples`.
 */
import {
  ClusterExternalSecret, EcrAuthorizationTokenGenerator, ExternalSecret, ExternalSecretRefresh, ExternalSecretTemplate,
  PasswordGenerator, PushSecret, SecureServiceAccount, WorkloadIdentity,
} from 'kube-secure-secrets/pulumi';

const namespace = 'payments';
const vault = { name: 'vault', kind: 'ClusterSecretStore' as const };

export const sharedDb = new ClusterExternalSecret('shared-db', {
  name: 'shared-db-url',
  namespaceSelectors: [{ matchLabels: { 'secrets.example.com/shared-db': 'true' } }],
  externalSecret: { store: vault, data: [{ secretKey: 'DATABASE_URL', remoteKey: 'shared/db', property: 'url' }] },
});

export const generator = new PasswordGenerator('pw', { name: 'payments-db-password', namespace });
export const password = new ExternalSecret('db-password', {
  name: 'payments-db-password',
  namespace,
  dataFrom: [{ generator }],
  ...ExternalSecretRefresh.createdOnce(),
});
export const push = new PushSecret('push', {
  name: 'payments-db-password-to-vault',
  namespace,
  stores: [vault],
  secret: password,
  data: [{ secretKey: 'password', remoteKey: 'payments/db', property: 'password' }],
  deletionPolicy: 'None',
  updatePolicy: 'IfNotExists',
});

export const ecrSa = new SecureServiceAccount('ecr-sa', {
  name: 'ecr-token',
  namespace,
  identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payments-ecr-pull'),
});
export const ecr = new EcrAuthorizationTokenGenerator('ecr', { name: 'payments-ecr', namespace, region: 'eu-west-1', serviceAccount: ecrSa });
export const pullSecret = new ExternalSecret('pull', {
  name: 'payments-ecr-pull',
  namespace,
  dataFrom: [{ generator: ecr }],
  target: { template: ExternalSecretTemplate.dockerConfigJson({ registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', usernameKey: 'username', passwordKey: 'password' }) },
  ...ExternalSecretRefresh.periodic('1h'),
});
