import {
  ValidationError, eksSecretsKeyPolicy, irsaTrustPolicy, podIdentityTrustPolicy, secretReadPolicy,
} from '../../../src/core';
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

  test('Pod Identity: exactly the pods.eks.amazonaws.com service with AssumeRole and TagSession', () => {
    expect(podIdentityTrustPolicy()).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
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
      'IrsaRole: secretsManagerArns[0] "arn:aws:secretsmanager:us-east-1:111122223333:secret:production/*" contains a wildcard; grant exact ARNs (or set allowWildcardArns: true; "name-??????" matches a Secrets Manager suffix exactly).'],
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
