/**
 * The cloud-native pattern on AWS (Pulumi), end to end:
 *
 * - an EKS cluster whose Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key
 *   (rotation on), audit logs on, private API endpoint, IRSA OIDC provider, and the
 *   eks-pod-identity-agent add-on (for PodIdentityRole; this example uses IRSA);
 *   the key policy lets the cluster role use the key and, through the account-root statement, the IAM
 *   policies of the account (so the ESO role below can decrypt the secret through Secrets Manager);
 * - the payments database credentials in Secrets Manager, encrypted with that key, from a Pulumi secret;
 * - an IRSA role for the External Secrets Operator that can read exactly that secret and decrypt it only
 *   through Secrets Manager;
 * - the Kubernetes side, deployed to that cluster: `eso-sa` annotated with the role ARN, a SecretStore,
 *   and an ExternalSecret that syncs the credentials into `postgres-credentials`.
 *
 * Set the database password with `pulumi config set --secret dbPassword ...`; offline (`npm run
 * examples`) a placeholder is used.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ExternalSecret, IrsaRole, KmsEncryptedEksCluster, ManagedSecret, NamespaceIsolation, SecretStore, SecretStoreProvider, SecureServiceAccount,
  WorkloadIdentity,
} from 'kube-secure-secrets/pulumi';

const config = new pulumi.Config();
const subnetIds = config.getObject<string[]>('subnetIds') ?? ['subnet-0aaaaaaaaaaaaaaaa', 'subnet-0bbbbbbbbbbbbbbbb'];
const dbPassword = config.getSecret('dbPassword') ?? pulumi.secret('placeholder-not-a-real-password');
const namespace = 'payments';

export const cluster = new KmsEncryptedEksCluster('prod', { subnetIds, version: '1.31', nodeGroup: { desiredSize: 2 } });

export const db = new ManagedSecret('payments-db', {
  name: 'production/payments/postgres',
  kmsKeyArn: cluster.kmsKeyArn,
  value: pulumi.jsonStringify({ username: 'payments_app', password: dbPassword, database: 'payments' }),
});

export const eso = new IrsaRole('eso-payments', {
  cluster,
  serviceAccounts: [{ namespace, name: 'eso-sa' }],
  secretsManagerArns: [db.arn],
  kmsKeyArns: [cluster.kmsKeyArn],
});

const provider = new k8s.Provider('prod', { kubeconfig: cluster.kubeconfig });
const onCluster = { provider };

const ns = new k8s.core.v1.Namespace(namespace, { metadata: { name: namespace } }, onCluster);
const inNamespace = { ...onCluster, dependsOn: [ns] };

export const esoSa = new SecureServiceAccount('eso-sa', { name: 'eso-sa', namespace, identity: WorkloadIdentity.awsIrsa(eso.arn) }, inNamespace);
export const store = new SecretStore('store', {
  name: 'aws-secrets-manager',
  namespace,
  provider: SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', serviceAccount: esoSa }),
}, inNamespace);
export const credentials = new ExternalSecret('db', {
  name: 'postgres-credentials-sync',
  namespace,
  store,
  target: { name: 'postgres-credentials' },
  data: [
    { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
    { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
    { secretKey: 'POSTGRES_DB', remoteKey: 'production/payments/postgres', property: 'database' },
  ],
}, inNamespace);
export const isolation = new NamespaceIsolation('isolation', { namespace }, inNamespace);

export const clusterName = cluster.clusterName;
export const kubeconfig = cluster.kubeconfig;
export const esoRoleArn = eso.arn;
export const secretArn = db.arn;
