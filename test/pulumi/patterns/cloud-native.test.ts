/**
 * CloudNativeSecrets (Pulumi): the snippet's scenario with the AWS side (a KmsEncryptedEksCluster): the
 * ManagedSecret for a secret declared with a value, the store's IrsaRole reading exactly the secrets'
 * ARNs (simulated), the Kubernetes side keeping the pattern invariants, the report as an output.
 */
import * as pulumi from '@pulumi/pulumi';
import * as pl from '../../../src/pulumi';
import { MOCK_ACCOUNT } from '../../helpers/aws-mock-state';
import { evaluate } from '../../helpers/iam';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { kubernetesManifests, onlyResourceOf, resetRecorded, resourcesOf, settle, settled, setupPulumiMocks } from '../../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const image = 'registry.example.com/payments/api:1.4.2';

export function deploymentArgs(name: string) {
  return {
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
          automountServiceAccountToken: false,
          containers: [{ name, image }],
        },
      },
    },
  };
}

function scenario(aws?: pl.CloudNativeAwsArgs, extra: Partial<pl.CloudNativeSecretsArgs> = {}) {
  return new pl.CloudNativeSecrets('secrets', {
    namespace: 'payments',
    source: pl.SecretSource.awsSecretsManager({ region: 'us-east-1', ...(aws ? {} : { roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }) }),
    secrets: {
      'postgres-credentials': { remoteKey: 'production/payments/postgres', keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' } },
      'payment-gateway-key': { remoteKey: 'production/payments/gateway', ...(aws ? { value: pulumi.secret('fake-gateway-key-for-tests') } : {}) },
    },
    apps: {
      'payment-api': { workload: deploymentArgs('payment-api'), files: ['postgres-credentials'], env: ['payment-gateway-key'] },
      'ledger': { workload: deploymentArgs('ledger'), apiRead: ['postgres-credentials'] },
    },
    ...(aws ? { aws } : {}),
    ...extra,
  });
}

describe('CloudNativeSecrets (Pulumi)', () => {
  test('the Kubernetes side keeps every invariant and names exactly what the cdk8s pattern names', async () => {
    const secrets = scenario();
    await settle(secrets);
    const m = kubernetesManifests();
    expectPatternInvariants(m);
    const api = m.find(x => x.kind === 'Deployment' && x.metadata.name === 'payment-api');
    expect(api.metadata.namespace).toBe('payments');
    expect(api.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('payment-gateway-key,postgres-credentials');
    expect(api.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(m.filter(x => x.kind === 'ServiceAccount').map(x => x.metadata.name).sort()).toEqual(['ledger', 'payment-api', 'secrets-store']);
    expect(Object.keys(secrets.externalSecrets).sort()).toEqual(['payment-gateway-key', 'postgres-credentials']);
    const report = await settled(secrets.report);
    expect(report.pattern).toBe('CloudNativeSecrets');
    expect(report.controls.find(c => c.id === 'rotation-reaches-pods')?.enforcedBy).toContain('Deployment payments/payment-api');
  });

  test('with a cluster: a ManagedSecret for the declared value, an IrsaRole reading exactly the two secrets', async () => {
    const cluster = new pl.KmsEncryptedEksCluster('prod', { subnetIds: ['subnet-a', 'subnet-b'] });
    const secrets = scenario({ cluster, kmsKeyArn: `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab` });
    await settle(secrets, cluster.cluster, cluster.oidcProvider);
    expect(Object.keys(secrets.managedSecrets)).toEqual(['payment-gateway-key']);
    expect(resourcesOf('aws:secretsmanager/secret:Secret').map(r => r.inputs.name)).toEqual(['production/payments/gateway']);
    const sa = kubernetesManifests().find(x => x.kind === 'ServiceAccount' && x.metadata.name === 'secrets-store');
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::111122223333:role\//);
    const trust = JSON.parse(await settled(secrets.role!.trustPolicy));
    expect(JSON.stringify(trust)).toContain('"system:serviceaccount:payments:secrets-store"');
    const policy = JSON.parse((await settled(secrets.role!.permissionPolicy))!);
    const gateway = await settled(secrets.managedSecrets['payment-gateway-key'].arn);
    const arn = (n: string) => `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:${n}`;
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: gateway }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/postgres-AbCdEf') }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/postgres-admin-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/other-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:ListSecrets', resource: '*' }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:PutSecretValue', resource: gateway }, [policy])).toBe('ImplicitlyDenied');
    expect(onlyResourceOf('aws:iam/rolePolicy:RolePolicy')).toBeDefined();
    expectPatternInvariants(kubernetesManifests());
  });
});

describe('CloudNativeSecrets (Pulumi) with EKS Pod Identity', () => {
  const keyArn = `arn:aws:kms:us-east-1:${MOCK_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

  test('podIdentity with the opt-in: a PodIdentityRole for the ESO controller only, the store without auth', async () => {
    const secrets = scenario({ clusterName: 'prod', identity: 'podIdentity', allowControllerPodIdentity: true, kmsKeyArn: keyArn });
    const role = secrets.role as pl.PodIdentityRole;
    expect(role).toBeInstanceOf(pl.PodIdentityRole);
    await settle(secrets, role);
    expect(resourcesOf('aws:iam/role:Role')).toHaveLength(1);
    expect(resourcesOf('kube-secure-secrets:aws:IrsaRole')).toHaveLength(0);
    const associations = resourcesOf('aws:eks/podIdentityAssociation:PodIdentityAssociation');
    expect(associations).toHaveLength(1);
    expect(associations[0].inputs).toMatchObject({ clusterName: 'prod', namespace: 'external-secrets', serviceAccount: 'external-secrets', disableSessionTags: false });
    expect(associations[0].inputs.roleArn).toBe(await settled(role.arn));
    const trust = JSON.parse(await settled(role.trustPolicy));
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': MOCK_ACCOUNT,
            'aws:RequestTag/eks-cluster-arn': `arn:aws:eks:us-east-1:${MOCK_ACCOUNT}:cluster/prod`,
            'aws:RequestTag/kubernetes-namespace': 'external-secrets',
            'aws:RequestTag/kubernetes-service-account': 'external-secrets',
          },
        },
      }],
    });
    const policy = JSON.parse((await settled(role.permissionPolicy))!);
    const gateway = await settled(secrets.managedSecrets['payment-gateway-key'].arn);
    const arn = (n: string) => `arn:aws:secretsmanager:us-east-1:${MOCK_ACCOUNT}:secret:${n}`;
    const resources = policy.Statement.flatMap((st: any) => [st.Resource].flat()).sort();
    expect(resources).toEqual([`${arn('production/payments/postgres')}-??????`, keyArn, gateway].sort());
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: gateway }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/postgres-AbCdEf') }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/other-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:ListSecrets', resource: '*' }, [policy])).toBe('ImplicitlyDenied');
    const m = kubernetesManifests();
    const store = m.find(x => x.kind === 'SecretStore');
    expect(store.spec.provider).toEqual({ aws: { service: 'SecretsManager', region: 'us-east-1' } });
    const sa = m.find(x => x.kind === 'ServiceAccount' && x.metadata.name === 'secrets-store');
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBeUndefined();
    const report = await settled(secrets.report);
    expect(report.controls.find(c => c.id === 'no-static-cloud-keys')?.how).toContain('shared by every store without auth');
    expectPatternInvariants(m);
  });

  test('a configured controller ServiceAccount is the one bound', async () => {
    const secrets = scenario({ clusterName: 'prod', identity: 'podIdentity', allowControllerPodIdentity: true, kmsKeyArn: keyArn, controllerServiceAccount: { namespace: 'eso', name: 'eso-controller' } });
    await settle(secrets, secrets.role!);
    expect(onlyResourceOf('aws:eks/podIdentityAssociation:PodIdentityAssociation').inputs).toMatchObject({ namespace: 'eso', serviceAccount: 'eso-controller' });
    expect(JSON.parse(await settled(secrets.role!.trustPolicy)).Statement[0].Condition.StringEquals).toMatchObject({
      'aws:RequestTag/kubernetes-namespace': 'eso', 'aws:RequestTag/kubernetes-service-account': 'eso-controller',
    });
  });

  test('podIdentity without the opt-in is refused, naming the opt-in', () => {
    expect(() => scenario({ clusterName: 'prod', identity: 'podIdentity', kmsKeyArn: keyArn })).toThrow(
      'CloudNativeSecrets: aws.identity "podIdentity" is refused without allowControllerPodIdentity: true: ESO uses EKS Pod Identity only through its controller\'s own ServiceAccount (a store cannot name one), so the role would be shared by every SecretStore in the cluster that has no auth. Use identity: "irsa" (the default, scoped to this store\'s ServiceAccount), or set allowControllerPodIdentity: true to accept the shared role.');
    expect(resourcesOf('aws:iam/role:Role')).toHaveLength(0);
  });
});
