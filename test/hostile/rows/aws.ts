/**
 * Hostile input for the AWS domain (issue 11): the core IAM/KMS/Secrets Manager builders and the Pulumi
 * components KmsEncryptedEksCluster, IrsaRole, PodIdentityRole and ManagedSecret. Every row fails
 * synchronously (a deferred value is checked when it resolves: test/pulumi/aws-deferred-values.test.ts).
 */
import {
  eksClusterSettings, eksSecretsKeyPolicy, irsaTrustPolicy, managedSecretSettings, podIdentityTrustPolicy, secretReadPolicy, secretRotationDays,
} from '../../../src/core';
import { IrsaRole, KmsEncryptedEksCluster, ManagedSecret, PodIdentityRole } from '../../../src/pulumi';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const bad = <T>(value: unknown) => value as T;
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${ISSUER}`;
const CLUSTER = 'arn:aws:eks:us-east-1:111122223333:cluster/prod';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const SA = [{ namespace: 'payments', name: 'eso-sa' }];
const LAMBDA = 'arn:aws:lambda:us-east-1:111122223333:function:rotate';
const irsa = { oidcProviderArn: PROVIDER, oidcIssuer: ISSUER, serviceAccounts: SA };
const pod = { accountId: '111122223333', clusterArn: CLUSTER, serviceAccounts: SA };
const key = { accountId: '111122223333', partition: 'aws', clusterRoleArn: 'arn:aws:iam::111122223333:role/prod-cluster' };
const SUBNETS = ['subnet-a', 'subnet-b'];
const C = 'KmsEncryptedEksCluster';

export const rows: HostileRow[] = [
  // Core: IRSA and Pod Identity trust
  { name: 'irsa: serviceAccounts a string', run: () => irsaTrustPolicy({ ...irsa, serviceAccounts: bad('payments/eso-sa') }), component: 'IrsaRole', prop: 'serviceAccounts', shows: '"payments/eso-sa"' },
  { name: 'irsa: serviceAccounts with a hole', run: () => irsaTrustPolicy({ ...irsa, serviceAccounts: bad([, SA[0]]) }), component: 'IrsaRole', prop: 'serviceAccounts[0]', shows: 'a hole' },
  { name: 'irsa: the default ServiceAccount', run: () => irsaTrustPolicy({ ...irsa, serviceAccounts: [{ namespace: 'payments', name: 'default' }] }), component: 'IrsaRole', prop: 'serviceAccounts[0].name', shows: '"default"' },
  { name: 'irsa: kube-system with allowKubeSystem "false"', run: () => irsaTrustPolicy({ ...irsa, serviceAccounts: [{ namespace: 'kube-system', name: 'eso' }], allowKubeSystem: bad('false') }), component: 'IrsaRole', prop: 'allowKubeSystem', shows: 'a string "false"' },
  { name: 'irsa: issuer with a password in the URL', run: () => irsaTrustPolicy({ ...irsa, oidcIssuer: `https://admin:${CANARIES.urlPassword}@${ISSUER}` }), component: 'IrsaRole', prop: 'oidcIssuer', shows: '<redacted>' },
  { name: 'pod identity: cluster of another account', run: () => podIdentityTrustPolicy({ ...pod, clusterArn: 'arn:aws:eks:us-east-1:444455556666:cluster/prod' }), component: 'PodIdentityRole', prop: 'clusterArn', shows: '"444455556666"' },
  { name: 'pod identity: account id too short', run: () => podIdentityTrustPolicy({ ...pod, accountId: '12' }), component: 'PodIdentityRole', prop: 'accountId', shows: '"12"' },
  { name: 'pod identity: a null ServiceAccount', run: () => podIdentityTrustPolicy({ ...pod, serviceAccounts: bad([null]) }), component: 'PodIdentityRole', prop: 'serviceAccounts[0]', shows: 'null' },
  { name: 'pod identity: allowDefaultServiceAccount 1', run: () => podIdentityTrustPolicy({ ...pod, allowDefaultServiceAccount: bad(1) }), component: 'PodIdentityRole', prop: 'allowDefaultServiceAccount', shows: 'a number 1' },

  // Core: permission policy
  { name: 'read: allowListSecrets "false"', run: () => secretReadPolicy({ secretsManagerArns: [SECRET], allowListSecrets: bad('false') }), component: 'IrsaRole', prop: 'allowListSecrets', shows: 'a string "false"' },
  { name: 'read: allowWildcardArns 1', run: () => secretReadPolicy({ secretsManagerArns: [SECRET], allowWildcardArns: bad(1) }), component: 'IrsaRole', prop: 'allowWildcardArns', shows: 'a number 1' },
  { name: 'read: allowDescribeParameters {}', run: () => secretReadPolicy({ allowDescribeParameters: bad({}) }), component: 'IrsaRole', prop: 'allowDescribeParameters', shows: 'an object {}' },
  { name: 'read: secretsManagerArns a string', run: () => secretReadPolicy({ secretsManagerArns: bad(SECRET) }), component: 'IrsaRole', prop: 'secretsManagerArns', shows: JSON.stringify(SECRET) },
  { name: 'read: a wildcard secret', run: () => secretReadPolicy({ secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:production/*'] }), component: 'IrsaRole', prop: 'secretsManagerArns[0]', shows: '"arn:aws:secretsmanager:us-east-1:111122223333:secret:production/*"' },
  { name: 'read: a URL with a password as secret', run: () => secretReadPolicy({ secretsManagerArns: [`https://u:${CANARIES.urlPassword}@vault.example.com`] }), component: 'IrsaRole', prop: 'secretsManagerArns[0]', shows: '<redacted>' },
  { name: 'read: a key in another region', run: () => secretReadPolicy({ secretsManagerArns: [SECRET], kmsKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/1'] }), component: 'IrsaRole', prop: 'kmsKeyArns[0]', shows: '"eu-west-1"' },
  { name: 'read: a wildcard SSM path', run: () => secretReadPolicy({ ssmParameterPaths: ['arn:aws:ssm:us-east-1:111122223333:parameter/prod/*'], allowWildcardArns: true }), component: 'IrsaRole', prop: 'ssmParameterPaths[0]', shows: '"arn:aws:ssm:us-east-1:111122223333:parameter/prod/*"' },
  { name: 'read: an undefined key in the list', run: () => secretReadPolicy({ secretsManagerArns: [SECRET], kmsKeyArns: bad([undefined]) }), component: 'IrsaRole', prop: 'kmsKeyArns[0]', shows: 'is undefined' },

  // Core: key policy and cluster settings
  { name: 'key: an S3 ARN as admin', run: () => eksSecretsKeyPolicy({ ...key, adminPrincipalArns: ['arn:aws:s3:::admins'] }), component: C, prop: 'adminPrincipalArns[0]', shows: '"arn:aws:s3:::admins"' },
  { name: 'key: accountRootKeyAccess "false"', run: () => eksSecretsKeyPolicy({ ...key, accountRootKeyAccess: bad('false') }), component: C, prop: 'accountRootKeyAccess', shows: 'a string "false"' },
  { name: 'key: no root and no manager', run: () => eksSecretsKeyPolicy({ ...key, accountRootKeyAccess: false }), component: C, prop: 'keyPolicyManagerArn', shows: /lock|update again/ },
  { name: 'cluster settings: endpointPublicAccess "false"', run: () => eksClusterSettings({ subnetCount: 2, endpointPublicAccess: bad('false') }), component: C, prop: 'endpointPublicAccess', shows: 'a string "false"' },
  { name: 'cluster settings: podIdentityAgent "yes"', run: () => eksClusterSettings({ subnetCount: 2, podIdentityAgent: bad('yes') }), component: C, prop: 'podIdentityAgent', shows: 'a string "yes"' },

  // Core: Secrets Manager
  { name: 'secret settings: allowAwsManagedKey "true"', run: () => managedSecretSettings({ name: 'x', allowAwsManagedKey: bad('true') }), component: 'ManagedSecret', prop: 'allowAwsManagedKey', shows: 'a string "true"' },
  { name: 'rotation: allowLongerRotation "true"', run: () => secretRotationDays({ afterDays: 90, allowLongerRotation: bad('true') }), component: 'ManagedSecret', prop: 'rotation.allowLongerRotation', shows: 'a string "true"' },
  { name: 'secret settings: a reserved tag key', run: () => managedSecretSettings({ name: 'x', kmsKeyArn: KEY, tags: { 'aws:team': 'payments' } }), component: 'ManagedSecret', prop: 'tags["aws:team"]', shows: /reserves/ },
  { name: 'secret settings: a plaintext value', run: () => managedSecretSettings({ name: 'x', kmsKeyArn: KEY, value: CANARIES.value }), component: 'ManagedSecret', prop: 'value', shows: /plain value/ },

  // Pulumi: KmsEncryptedEksCluster
  { name: 'cluster: an alias as key', run: () => new KmsEncryptedEksCluster('h-c1', { subnetIds: SUBNETS, kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/eks' }), component: C, prop: 'kmsKeyArn', shows: '"arn:aws:kms:us-east-1:111122223333:alias/eks"' },
  { name: 'cluster: subnetIds a string', run: () => new KmsEncryptedEksCluster('h-c2', { subnetIds: bad('subnet-a') }), component: C, prop: 'subnetIds', shows: '"subnet-a"' },
  { name: 'cluster: keyAdminArns with a hole', run: () => new KmsEncryptedEksCluster('h-c3', { subnetIds: SUBNETS, keyAdminArns: bad([, 'arn:aws:iam::111122223333:role/a']) }), component: C, prop: 'keyAdminArns[0]', shows: 'a hole' },
  { name: 'cluster: a tag key with "#"', run: () => new KmsEncryptedEksCluster('h-c4', { subnetIds: SUBNETS, tags: { 'Cost#Center': '1' } }), component: C, prop: 'tags["Cost#Center"]', shows: /not a valid AWS tag key/ },
  { name: 'cluster: bootstrap admin "true"', run: () => new KmsEncryptedEksCluster('h-c5', { subnetIds: SUBNETS, bootstrapClusterCreatorAdminPermissions: bad('true') }), component: C, prop: 'bootstrapClusterCreatorAdminPermissions', shows: 'a string "true"' },
  { name: 'cluster: an AWS-reserved alias', run: () => new KmsEncryptedEksCluster('h-c6', { subnetIds: SUBNETS, keyAlias: 'alias/aws/eks' }), component: C, prop: 'keyAlias', shows: '"alias/aws/eks"' },
  { name: 'cluster: admins for an existing key', run: () => new KmsEncryptedEksCluster('h-c7', { subnetIds: SUBNETS, kmsKeyArn: KEY, keyAdminArns: ['arn:aws:iam::111122223333:role/a'] }), component: C, prop: 'keyAdminArns', shows: /existing key/ },
  { name: 'cluster: endpointPublicAccess 1', run: () => new KmsEncryptedEksCluster('h-c8', { subnetIds: SUBNETS, endpointPublicAccess: bad(1), publicAccessCidrs: ['203.0.113.0/24'] }), component: C, prop: 'endpointPublicAccess', shows: 'a number 1' },

  // Pulumi: IrsaRole and PodIdentityRole
  { name: 'irsa role: allowWildcardArns "true"', run: () => new IrsaRole('h-r1', { ...irsa, allowWildcardArns: bad('true') }), component: 'IrsaRole', prop: 'allowWildcardArns', shows: 'a string "true"' },
  { name: 'irsa role: a null parameter', run: () => new IrsaRole('h-r2', { ...irsa, ssmParameterArns: bad([null]) }), component: 'IrsaRole', prop: 'ssmParameterArns[0]', shows: 'is null' },
  { name: 'irsa role: args null', run: () => new IrsaRole('h-r3', bad(null)), component: 'IrsaRole', prop: 'args', shows: 'received null' },
  { name: 'irsa role: kube-system', run: () => new IrsaRole('h-r4', { ...irsa, serviceAccounts: [{ namespace: 'kube-system', name: 'eso' }] }), component: 'IrsaRole', prop: 'serviceAccounts[0].namespace', shows: '"kube-system"' },
  { name: 'pod role: serviceAccounts a string', run: () => new PodIdentityRole('h-p1', { clusterName: 'prod', serviceAccounts: bad('eso-sa') }), component: 'PodIdentityRole', prop: 'serviceAccounts', shows: '"eso-sa"' },
  { name: 'pod role: a cluster name with a space', run: () => new PodIdentityRole('h-p2', { clusterName: 'prod cluster', serviceAccounts: SA }), component: 'PodIdentityRole', prop: 'clusterName', shows: '"prod cluster"' },
  { name: 'pod role: the default ServiceAccount', run: () => new PodIdentityRole('h-p3', { clusterName: 'prod', serviceAccounts: [{ namespace: 'payments', name: 'default' }] }), component: 'PodIdentityRole', prop: 'serviceAccounts[0].name', shows: '"default"' },
  { name: 'pod role: a tag value with "#"', run: () => new PodIdentityRole('h-p4', { clusterName: 'prod', serviceAccounts: SA, tags: { team: 'a#b' } }), component: 'PodIdentityRole', prop: 'tags["team"]', shows: '"a#b"' },

  // Pulumi: ManagedSecret
  { name: 'secret: a plaintext value', run: () => new ManagedSecret('h-s1', { name: 'x', kmsKeyArn: KEY, value: bad(CANARIES.value) }), component: 'ManagedSecret', prop: 'value', shows: /plain value/ },
  { name: 'secret: a name ending like a suffix', run: () => new ManagedSecret('h-s2', { name: 'prod/db-AbC123', kmsKeyArn: KEY }), component: 'ManagedSecret', prop: 'name', shows: '"prod/db-AbC123"' },
  { name: 'secret: a role as rotation Lambda', run: () => new ManagedSecret('h-s3', { name: 'x', kmsKeyArn: KEY, rotation: { lambdaArn: 'arn:aws:iam::111122223333:role/r' } }), component: 'ManagedSecret', prop: 'rotation.lambdaArn', shows: '"arn:aws:iam::111122223333:role/r"' },
  { name: 'secret: rotateImmediately "false"', run: () => new ManagedSecret('h-s4', { name: 'x', kmsKeyArn: KEY, rotation: { lambdaArn: LAMBDA, rotateImmediately: bad('false') } }), component: 'ManagedSecret', prop: 'rotation.rotateImmediately', shows: 'a string "false"' },
  { name: 'secret: recovery window as a string', run: () => new ManagedSecret('h-s5', { name: 'x', kmsKeyArn: KEY, recoveryWindowInDays: bad('30') }), component: 'ManagedSecret', prop: 'recoveryWindowInDays', shows: 'a string "30"' },
  { name: 'secret: rotation days as a string', run: () => new ManagedSecret('h-s9', { name: 'x', kmsKeyArn: KEY, rotation: { lambdaArn: LAMBDA, afterDays: bad('7') } }), component: 'ManagedSecret', prop: 'rotation.afterDays', shows: 'a string "7"' },
  { name: 'secret: description a number', run: () => new ManagedSecret('h-s6', { name: 'x', kmsKeyArn: KEY, description: bad(5) }), component: 'ManagedSecret', prop: 'description', shows: 'a number' },
  { name: 'secret: allowAwsManagedKey "yes"', run: () => new ManagedSecret('h-s7', { name: 'x', allowAwsManagedKey: bad('yes') }), component: 'ManagedSecret', prop: 'allowAwsManagedKey', shows: 'a string "yes"' },
  { name: 'secret: args undefined', run: () => new ManagedSecret('h-s8', bad(undefined)), component: 'ManagedSecret', prop: 'args', shows: 'received undefined' },
];
