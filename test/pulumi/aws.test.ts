import * as pulumi from '@pulumi/pulumi';
import { IrsaRole, KmsEncryptedEksCluster, ManagedSecret, PodIdentityRole } from '../../src/pulumi';
import { MOCK_ISSUER } from '../helpers/aws-mock-state';
import { accountKeyPolicy, evaluate } from '../helpers/iam';
import { onlyResourceOf, resetRecorded, resourcesOf, settle, settled, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const FAKE_PASSWORD = 'not-a-real-password-4f2a9c';
const SECRET_SIG = pulumi.runtime.specialSecretSig;
const SIG_KEY = pulumi.runtime.specialSigKey;

/** Every string in a recorded value, except inside secret-marked values. */
function plainStrings(value: any): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(plainStrings);
  }
  if (value && typeof value === 'object') {
    if (value[SIG_KEY] === SECRET_SIG) {
      return [];
    }
    return Object.values(value).flatMap(plainStrings);
  }
  return [];
}

describe('KmsEncryptedEksCluster (Pulumi, under mocks)', () => {
  test('secrets encrypted with the component key, rotation on, audit logs on, private endpoint, kubeconfig secret', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'], version: '1.31' });
    await settle(cluster.cluster, cluster.oidcProvider);

    const key = onlyResourceOf('aws:kms/key:Key').inputs;
    expect(key.enableKeyRotation).toBe(true);
    expect(key.deletionWindowInDays).toBe(30);
    expect(key.keyUsage).toBe('ENCRYPT_DECRYPT');
    expect(key.customerMasterKeySpec).toBe('SYMMETRIC_DEFAULT');
    const keyArn = await settled(cluster.kmsKeyArn);

    const eks = onlyResourceOf('aws:eks/cluster:Cluster').inputs;
    expect(eks.encryptionConfig).toEqual({ resources: ['secrets'], provider: { keyArn } });
    expect(eks.enabledClusterLogTypes).toEqual(expect.arrayContaining(['audit', 'authenticator']));
    expect(eks.vpcConfig).toEqual({ subnetIds: ['subnet-a', 'subnet-b'], endpointPrivateAccess: true, endpointPublicAccess: false });
    expect(eks.accessConfig).toEqual({ authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: true });
    expect(eks.version).toBe('1.31');

    expect(onlyResourceOf('aws:kms/alias:Alias').inputs.name).toBe('alias/eks/prod-secrets');
    expect(onlyResourceOf('aws:iam/openIdConnectProvider:OpenIdConnectProvider').inputs.clientIdLists).toEqual(['sts.amazonaws.com']);
    expect(await settled(cluster.oidcIssuer)).toBe(MOCK_ISSUER);
    expect(await settled(cluster.oidcProviderArn)).toBe(`arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`);
    expect(await settled(cluster.clusterSecurityGroupId)).toBe('sg-0123456789abcdef0');

    expect(await (cluster.kubeconfig as any).isSecret).toBe(true);
    const kubeconfig = JSON.parse(await settled(cluster.kubeconfig));
    expect(kubeconfig.users[0].user.exec.args).toEqual(['eks', 'get-token', '--cluster-name', await settled(cluster.clusterName), '--region', 'us-east-1']);
  });

  test('the key policy: only the cluster role uses the key by the key policy; others only through IAM policies (account root)', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'] });
    await settle(cluster.cluster);
    const policy = JSON.parse(onlyResourceOf('aws:kms/key:Key').inputs.policy);
    const roleArn = await settled(cluster.clusterRole.arn);
    const keyArn = await settled(cluster.kmsKeyArn);
    expect(await evaluate({ principal: roleArn, action: 'kms:Encrypt', resource: keyArn }, [], policy)).toBe('Allowed');
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/someone-else', action: 'kms:Decrypt', resource: keyArn }, [], policy)).toBe('ImplicitlyDenied');
    expect(JSON.parse(onlyResourceOf('aws:iam/role:Role').inputs.assumeRolePolicy).Statement[0].Principal).toEqual({ Service: 'eks.amazonaws.com' });
    // What the README says: the account-root statement lets an IAM policy of the account grant use.
    expect(policy.Statement[0]).toEqual({ Sid: 'AccountRootDelegatesToIam', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' });
    const iamDecrypt = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn }] };
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/someone-else', action: 'kms:Decrypt', resource: keyArn }, [iamDecrypt], policy)).toBe('Allowed');
  });

  test('the eks-pod-identity-agent add-on by default, after the nodes; none with podIdentityAgent: false', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'], nodeGroup: {}, tags: { 'Cost Center': '4711' } });
    await settle(cluster.cluster, cluster.podIdentityAgent!);
    const addon = onlyResourceOf('aws:eks/addon:Addon').inputs;
    expect(addon).toEqual({ clusterName: await settled(cluster.clusterName), addonName: 'eks-pod-identity-agent', tags: { 'Cost Center': '4711' } });
    resetRecorded();
    const iamOnly = new KmsEncryptedEksCluster('irsa-only', { subnetIds: ['subnet-a', 'subnet-b'], podIdentityAgent: false });
    await settle(iamOnly.cluster);
    expect(iamOnly.podIdentityAgent).toBeUndefined();
    expect(resourcesOf('aws:eks/addon:Addon')).toEqual([]);
    expect(() => new PodIdentityRole('r', { cluster: iamOnly, serviceAccounts: [{ namespace: 'a', name: 'b' }] }))
      .toThrow('PodIdentityRole: cluster was created with podIdentityAgent: false; EKS Pod Identity needs the eks-pod-identity-agent add-on on the nodes to hand out the role. Remove podIdentityAgent: false from the cluster, or use IrsaRole.');
  });

  test('accountRootKeyAccess: false: no account root; the deploying identity manages the policy', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'], accountRootKeyAccess: false, keyAdminArns: ['arn:aws:iam::111122223333:role/platform-admin'] });
    await settle(cluster.cluster);
    const policy = JSON.parse(onlyResourceOf('aws:kms/key:Key').inputs.policy);
    expect(JSON.stringify(policy)).not.toContain(':root');
    // The mock caller is the IAM user arn:aws:iam::111122223333:user/ci (getSessionContext passes it through).
    expect(policy.Statement[0]).toMatchObject({ Sid: 'KeyPolicyManager', Principal: { AWS: 'arn:aws:iam::111122223333:user/ci' } });
    const keyArn = await settled(cluster.kmsKeyArn);
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:user/ci', action: 'kms:PutKeyPolicy', resource: keyArn }, [], policy)).toBe('Allowed');
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/platform-admin', action: 'kms:Decrypt', resource: keyArn }, [], policy)).toBe('ImplicitlyDenied');
    expect(await evaluate({ principal: 'arn:aws:iam::111122223333:role/platform-admin', action: 'kms:ScheduleKeyDeletion', resource: keyArn }, [], policy)).toBe('Allowed');
  });

  test('an existing key, a public endpoint with an allow-list, and a node group with IMDSv2 hop limit 1', async () => {
    const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const cluster = new KmsEncryptedEksCluster('prod', {
      subnetIds: ['subnet-a', 'subnet-b'],
      kmsKeyArn: keyArn,
      endpointPublicAccess: true,
      publicAccessCidrs: ['203.0.113.0/24'],
      nodeGroup: { desiredSize: 3, maxSize: 6 },
      tags: { team: 'platform' },
    });
    await settle(cluster.cluster, cluster.nodeGroup!);
    expect(resourcesOf('aws:kms/key:Key')).toEqual([]);
    const eks = onlyResourceOf('aws:eks/cluster:Cluster').inputs;
    expect(eks.encryptionConfig.provider.keyArn).toBe(keyArn);
    expect(eks.vpcConfig).toMatchObject({ endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
    expect(eks.tags).toEqual({ team: 'platform' });
    expect(onlyResourceOf('aws:ec2/launchTemplate:LaunchTemplate').inputs.metadataOptions).toEqual({ httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(onlyResourceOf('aws:eks/nodeGroup:NodeGroup').inputs.scalingConfig).toEqual({ desiredSize: 3, minSize: 2, maxSize: 6 });
  });

  test.each<[string, () => unknown, string]>([
    ['a public endpoint open to everyone', () => new KmsEncryptedEksCluster('c', { subnetIds: ['a', 'b'], endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/0'] }),
      'KmsEncryptedEksCluster: publicAccessCidrs[0] "0.0.0.0/0" opens the API endpoint to the whole internet'],
    ['an alias as key', () => new KmsEncryptedEksCluster('c', { subnetIds: ['a', 'b'], kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:alias/eks' }),
      'KmsEncryptedEksCluster: kmsKeyArn "arn:aws:kms:us-east-1:111122223333:alias/eks" is not a valid KMS key (not alias) ARN'],
    ['admins for an existing key', () => new KmsEncryptedEksCluster('c', {
      subnetIds: ['a', 'b'], kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1', keyAdminArns: ['arn:aws:iam::111122223333:role/a'],
    }), 'KmsEncryptedEksCluster: keyAdminArns applies only to the key this component creates, but kmsKeyArn names an existing key'],
    ['an admin that is no IAM principal', () => new KmsEncryptedEksCluster('c', { subnetIds: ['a', 'b'], keyAdminArns: ['arn:aws:s3:::admins'] }),
      'KmsEncryptedEksCluster: keyAdminArns[0] "arn:aws:s3:::admins" is an ARN of service "s3"'],
    ['subnets as a string', () => new KmsEncryptedEksCluster('c', { subnetIds: 'subnet-a,subnet-b' as unknown as string[] }),
      'KmsEncryptedEksCluster: subnetIds must be a list of subnet ids; received a string "subnet-a,subnet-b" (wrap a single value in [ ]).'],
    ['a reserved AWS tag key', () => new KmsEncryptedEksCluster('c', { subnetIds: ['a', 'b'], tags: { 'aws:owner': 'me' } }),
      'KmsEncryptedEksCluster: tags["aws:owner"] starts with "aws:", which AWS reserves for its own tags; choose another key.'],
  ])('refuses %s with a ResourceError', (_, build, message) => {
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow(message);
  });
});

describe('IrsaRole and PodIdentityRole (Pulumi, under mocks)', () => {
  test('the issue usage: IRSA role from the cluster, trust with :sub and :aud, least-privilege inline policy', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'], version: '1.31' });
    const db = new ManagedSecret('payments-db', {
      name: 'production/payments/postgres',
      kmsKeyArn: cluster.kmsKeyArn,
      value: pulumi.secret(JSON.stringify({ username: 'app', password: FAKE_PASSWORD })),
    });
    const eso = new IrsaRole('eso-payments', { cluster, serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }], secretsManagerArns: [db.arn], kmsKeyArns: [cluster.kmsKeyArn] });
    await settle(eso.role, eso.policy!);

    const trust = JSON.parse(await settled(eso.trustPolicy));
    expect(trust.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${MOCK_ISSUER}:sub`]: 'system:serviceaccount:payments:eso-sa', [`${MOCK_ISSUER}:aud`]: 'sts.amazonaws.com' } },
    }]);
    const roles = resourcesOf('aws:iam/role:Role').filter(r => r.name === 'eso-payments');
    expect(JSON.parse(roles[0].inputs.assumeRolePolicy)).toEqual(trust);

    const permission = JSON.parse(onlyResourceOf('aws:iam/rolePolicy:RolePolicy').inputs.policy);
    const secretArn = await settled(db.arn);
    const keyArn = await settled(cluster.kmsKeyArn);
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: secretArn }, [permission])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:production/orders/postgres-AbCdEf' }, [permission])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:PutSecretValue', resource: secretArn }, [permission])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'kms:Decrypt', resource: keyArn, context: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } }, [permission], accountKeyPolicy())).toBe('Allowed');
    expect(await evaluate({ action: 'kms:Decrypt', resource: keyArn, context: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } }, [permission], accountKeyPolicy())).toBe('ImplicitlyDenied');
    expect(JSON.stringify(permission)).not.toMatch(/"(Action|Resource)":"\*"/);
    expect(await settled(eso.arn)).toMatch(/^arn:aws:iam::111122223333:role\/eso-payments/);
  });

  test('IRSA from an explicit provider; Pod Identity trust and associations', async () => {
    const irsa = new IrsaRole('app', {
      oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`,
      oidcIssuer: `https://${MOCK_ISSUER}`,
      serviceAccounts: [{ namespace: 'payments', name: 'api' }],
    });
    expect(irsa.policy).toBeUndefined();
    const pod = new PodIdentityRole('eso-pod', {
      clusterName: 'prod',
      serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }, { namespace: 'orders', name: 'eso-sa' }],
      ssmParameterArns: ['arn:aws:ssm:us-east-1:111122223333:parameter/production/payments/api-key'],
    });
    await settle(irsa.role, pod.role, ...pod.associations);
    // The trust names the cluster (its ARN built from the provider's partition, region and account), each
    // namespace with its ServiceAccounts, and the account (issue 10: any association used to match).
    const clusterArn = 'arn:aws:eks:us-east-1:111122223333:cluster/prod';
    expect(await settled(pod.clusterArn)).toBe(clusterArn);
    const statement = (namespace: string) => ({
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:SourceAccount': '111122223333',
          'aws:RequestTag/eks-cluster-arn': clusterArn,
          'aws:RequestTag/kubernetes-namespace': namespace,
          'aws:RequestTag/kubernetes-service-account': 'eso-sa',
        },
      },
    });
    expect(JSON.parse(await settled(pod.trustPolicy))).toEqual({ Version: '2012-10-17', Statement: [statement('orders'), statement('payments')] });
    const associations = resourcesOf('aws:eks/podIdentityAssociation:PodIdentityAssociation').map(r => ({
      clusterName: r.inputs.clusterName,
      namespace: r.inputs.namespace,
      serviceAccount: r.inputs.serviceAccount,
      disableSessionTags: r.inputs.disableSessionTags,
    }));
    expect(associations).toEqual([
      { clusterName: 'prod', namespace: 'orders', serviceAccount: 'eso-sa', disableSessionTags: false },
      { clusterName: 'prod', namespace: 'payments', serviceAccount: 'eso-sa', disableSessionTags: false },
    ]);
    const podRoleArn = await settled(pod.arn);
    for (const r of resourcesOf('aws:eks/podIdentityAssociation:PodIdentityAssociation')) {
      expect(r.inputs.roleArn).toBe(podRoleArn);
    }
  });

  test.each<[string, () => unknown, string]>([
    ['no ServiceAccounts', () => new IrsaRole('r', { oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`, oidcIssuer: MOCK_ISSUER, serviceAccounts: [] }),
      'IrsaRole: serviceAccounts is empty; name the ServiceAccounts (namespace and name) that may assume the role.'],
    ['no OIDC provider', () => new IrsaRole('r', { serviceAccounts: [{ namespace: 'a', name: 'b' }] }),
      'IrsaRole: cluster is missing; give a KmsEncryptedEksCluster, or oidcProviderArn and oidcIssuer.'],
    ['a wildcard secret ARN', () => new IrsaRole('r', {
      oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`,
      oidcIssuer: MOCK_ISSUER,
      serviceAccounts: [{ namespace: 'a', name: 'b' }],
      secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:*'],
    }), 'IrsaRole: secretsManagerArns[0] "arn:aws:secretsmanager:us-east-1:111122223333:secret:*" contains a wildcard; grant exact ARNs'],
    ['an S3 ARN as secret', () => new PodIdentityRole('r', { clusterName: 'prod', serviceAccounts: [{ namespace: 'a', name: 'b' }], secretsManagerArns: ['arn:aws:s3:::bucket/key'] }),
      'PodIdentityRole: secretsManagerArns[0] "arn:aws:s3:::bucket/key" is an ARN of service "s3"'],
    ['an invalid ServiceAccount name', () => new PodIdentityRole('r', { clusterName: 'prod', serviceAccounts: [{ namespace: 'payments', name: 'ESO_SA' }] }),
      'PodIdentityRole: serviceAccounts[0].name "ESO_SA" is not a valid ServiceAccount name'],
    ['an invalid cluster name', () => new PodIdentityRole('r', { clusterName: 'prod cluster', serviceAccounts: [{ namespace: 'payments', name: 'eso' }] }),
      'PodIdentityRole: clusterName "prod cluster" is not an EKS cluster name'],
    ['the default ServiceAccount', () => new PodIdentityRole('r', { clusterName: 'prod', serviceAccounts: [{ namespace: 'payments', name: 'default' }] }),
      'PodIdentityRole: serviceAccounts[0].name "default" is the default ServiceAccount of namespace "payments"'],
    ['allowListSecrets as a string', () => new IrsaRole('r', {
      oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`, oidcIssuer: MOCK_ISSUER, serviceAccounts: [{ namespace: 'a', name: 'b' }], allowListSecrets: 'false' as unknown as boolean,
    }), 'IrsaRole: allowListSecrets must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['a key in another region than the secrets', () => new IrsaRole('r', {
      oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${MOCK_ISSUER}`,
      oidcIssuer: MOCK_ISSUER,
      serviceAccounts: [{ namespace: 'a', name: 'b' }],
      secretsManagerArns: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf'],
      kmsKeyArns: ['arn:aws:kms:eu-west-1:111122223333:key/1'],
    }), 'IrsaRole: kmsKeyArns[0] "arn:aws:kms:eu-west-1:111122223333:key/1" is in region "eu-west-1", but no listed secret or parameter is'],
  ])('refuses %s with a ResourceError', (_, build, message) => {
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow(message);
  });
});

describe('ManagedSecret (Pulumi, under mocks)', () => {
  test('customer-managed key, 30-day recovery window, value only as a secret, rotation at most 30 days', async () => {
    const keyArn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const secret = new ManagedSecret('payments-db', {
      name: 'production/payments/postgres',
      kmsKeyArn: keyArn,
      value: pulumi.secret(JSON.stringify({ username: 'app', password: FAKE_PASSWORD })),
      rotation: { lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate-postgres' },
    });
    await settle(secret.secret, secret.version!, secret.rotation!);
    expect(onlyResourceOf('aws:secretsmanager/secret:Secret').inputs).toMatchObject({ name: 'production/payments/postgres', kmsKeyId: keyArn, recoveryWindowInDays: 30 });
    expect(onlyResourceOf('aws:secretsmanager/secretRotation:SecretRotation').inputs.rotationRules).toEqual({ automaticallyAfterDays: 30 });
    const version = onlyResourceOf('aws:secretsmanager/secretVersion:SecretVersion').inputs;
    expect(version.secretString[SIG_KEY]).toBe(SECRET_SIG);
    // The value never appears in plaintext in any recorded resource input.
    for (const r of resourcesOf()) {
      expect({ resource: r.name, leaked: plainStrings(r.inputs).filter(s => s.includes(FAKE_PASSWORD)) }).toEqual({ resource: r.name, leaked: [] });
    }
    expect(await settled(secret.arn)).toBe('arn:aws:secretsmanager:us-east-1:111122223333:secret:production/payments/postgres-AbCdEf');
  });

  test('a Pod Identity role on a KmsEncryptedEksCluster: the trust names that cluster, the associations wait for the agent; AWS tags', async () => {
    const cluster = new KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'] });
    const pod = new PodIdentityRole('eso-pod', {
      cluster,
      serviceAccounts: [{ namespace: 'payments', name: 'eso-sa' }],
      ssmParameterPaths: ['arn:aws:ssm:us-east-1:111122223333:parameter/production/payments'],
      tags: { 'Cost Center': '4711', 'team:owner': 'payments' },
    });
    await settle(pod.role, pod.policy!, ...pod.associations);
    const clusterArn = await settled(cluster.cluster.arn);
    expect(await settled(pod.clusterArn)).toBe(clusterArn);
    expect(JSON.parse(await settled(pod.trustPolicy)).Statement[0].Condition.StringEquals['aws:RequestTag/eks-cluster-arn']).toBe(clusterArn);
    expect(JSON.parse(await settled(pod.permissionPolicy) ?? '').Statement).toEqual([{
      Sid: 'ReadParameterPaths', Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: ['arn:aws:ssm:us-east-1:111122223333:parameter/production/payments'],
    }]);
    expect(resourcesOf('aws:iam/role:Role').find(r => r.name === 'eso-pod')!.inputs.tags).toEqual({ 'Cost Center': '4711', 'team:owner': 'payments' });
    expect(onlyResourceOf('aws:eks/podIdentityAssociation:PodIdentityAssociation').inputs.clusterName).toBe(await settled(cluster.clusterName));
  });

  test.each<[string, () => unknown, string]>([
    ['no customer-managed key', () => new ManagedSecret('s', { name: 'x' }),
      'ManagedSecret: kmsKeyArn is missing; encrypt the secret with a customer-managed key (e.g. cluster.kmsKeyArn), or set allowAwsManagedKey: true to use aws/secretsmanager.'],
    ['a plaintext value', () => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: true, value: 'hunter2-fake' as any }),
      'ManagedSecret: value is a plain value; pass it as a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)) so it never appears in plaintext in the program or the state.'],
    ['a 60-day rotation', () => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:r', afterDays: 60 } }),
      'ManagedSecret: rotation.afterDays 60 is longer than 30 days; rotate at least monthly, or set rotation.allowLongerRotation: true.'],
    ['a short recovery window', () => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: true, recoveryWindowInDays: 0 }),
      'ManagedSecret: recoveryWindowInDays 0 is out of range; use 7 to 30 days.'],
    ['allowAwsManagedKey as a string', () => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: 'true' as unknown as boolean }),
      'ManagedSecret: allowAwsManagedKey must be the boolean true to opt in, or false or unset; received a string "true".'],
    ['a Lambda ARN that is a role', () => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: true, rotation: { lambdaArn: 'arn:aws:iam::111122223333:role/r' } }),
      'ManagedSecret: rotation.lambdaArn "arn:aws:iam::111122223333:role/r" is not a Lambda function ARN'],
  ])('refuses %s with a ResourceError', (_, build, message) => {
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow(message);
  });

  test('the plaintext value is not in the error message', () => {
    expect(() => new ManagedSecret('s', { name: 'x', allowAwsManagedKey: true, value: 'hunter2-fake' as any })).not.toThrow(/hunter2/);
  });
});
