import * as pulumi from '@pulumi/pulumi';
import { MOCK_ISSUER } from '../helpers/aws-mock-state';
import { evaluate } from '../helpers/iam';
import { kubernetesManifests, onlyResourceOf, resetRecorded, resourcesOf, settle, settled, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

describe('examples/pulumi/aws-cloud-native', () => {
  test('cluster, secret, IRSA role for ESO and the Kubernetes side wired to its ARN', async () => {
    const program = await import('../../examples/pulumi/aws-cloud-native');
    await settle(program.cluster.cluster, program.eso.role, program.eso.policy!);
    await settle(program.esoSa.serviceAccount, program.credentials.resource, program.store.resource);

    const eks = onlyResourceOf('aws:eks/cluster:Cluster').inputs;
    expect(eks.encryptionConfig.resources).toEqual(['secrets']);
    expect(eks.encryptionConfig.provider.keyArn).toBe(await settled(program.cluster.kmsKeyArn));
    expect(onlyResourceOf('aws:kms/key:Key').inputs.enableKeyRotation).toBe(true);
    expect(onlyResourceOf('aws:secretsmanager/secret:Secret').inputs.kmsKeyId).toBe(await settled(program.cluster.kmsKeyArn));
    expect(onlyResourceOf('aws:secretsmanager/secretVersion:SecretVersion').inputs.secretString[pulumi.runtime.specialSigKey]).toBe(pulumi.runtime.specialSecretSig);

    const trust = JSON.parse(await settled(program.eso.trustPolicy));
    expect(trust.Statement[0].Condition.StringEquals).toEqual({ [`${MOCK_ISSUER}:sub`]: 'system:serviceaccount:payments:eso-sa', [`${MOCK_ISSUER}:aud`]: 'sts.amazonaws.com' });

    // The ESO role decrypts the secret under the real key policy (the account-root statement delegates to
    // its IAM policy), only through Secrets Manager.
    const keyPolicy = JSON.parse(onlyResourceOf('aws:kms/key:Key').inputs.policy);
    const permission = JSON.parse(await settled(program.eso.permissionPolicy) ?? '');
    const keyArn = await settled(program.cluster.kmsKeyArn);
    const esoArn = await settled(program.eso.arn);
    const decrypt = (via?: string) => evaluate({ principal: esoArn, action: 'kms:Decrypt', resource: keyArn, context: via ? { 'kms:ViaService': via } : {} }, [permission], keyPolicy);
    expect(await decrypt('secretsmanager.us-east-1.amazonaws.com')).toBe('Allowed');
    expect(await decrypt()).toBe('ImplicitlyDenied');
    expect(await decrypt('ssm.us-east-1.amazonaws.com')).toBe('ImplicitlyDenied');
    expect(onlyResourceOf('aws:eks/addon:Addon').inputs.addonName).toBe('eks-pod-identity-agent');

    const roleArn = await settled(program.eso.arn);
    const sa = onlyResourceOf('kubernetes:core/v1:ServiceAccount').inputs;
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(onlyResourceOf('kubernetes:external-secrets.io/v1:SecretStore').inputs.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'eso-sa' });

    // The Kubernetes objects go to the new cluster through its provider, and validate.
    expect(resourcesOf('pulumi:providers:kubernetes')).toHaveLength(1);
    expectValidManifests(kubernetesManifests());
  });
});
