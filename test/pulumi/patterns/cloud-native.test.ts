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
