import * as pulumi from '@pulumi/pulumi';
import { MOCK_ISSUER } from '../helpers/aws-mock-state';
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
