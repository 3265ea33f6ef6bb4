import * as pulumi from '@pulumi/pulumi';
import { SecureServiceAccount, WorkloadIdentity } from '../../src/pulumi';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, setupPulumiMocks, stripUndefined, valueOf } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

const SA = 'kubernetes:core/v1:ServiceAccount';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

describe('SecureServiceAccount (Pulumi)', () => {
  test('automount off and the IRSA annotation from a plain ARN', async () => {
    const sa = new SecureServiceAccount('sa', {
      name: 'payment-api-sa', namespace: 'payments', identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api'),
    });
    await settle(sa.serviceAccount);
    expect(stripUndefined(onlyResourceOf(SA).inputs)).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'payment-api-sa', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/payment-api' } },
      automountServiceAccountToken: false,
    });
    expect(onlyResourceOf('kube-secure-secrets:identity:SecureServiceAccount').name).toBe('sa');
    expect(sa.serviceAccountName).toBe('payment-api-sa');
    expect(await valueOf(sa.name)).toBe('payment-api-sa');
    expect(await valueOf(sa.namespace)).toBe('payments');
    expectValidManifests(kubernetesManifests());
  });

  test('the role ARN may be a Pulumi Output', async () => {
    const arn = pulumi.output('arn:aws:iam::111122223333:role/eso-payments');
    const sa = new SecureServiceAccount('sa', { name: 'eso-sa', namespace: 'payments', identity: WorkloadIdentity.awsIrsa(arn) });
    await settle(sa.serviceAccount);
    expect(onlyResourceOf(SA).inputs.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eso-payments' });
  });

  test('refuses a bad name with a ResourceError', () => {
    const build = () => new SecureServiceAccount('sa', { name: 'Bad_Name', namespace: 'payments' });
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow('SecureServiceAccount: name "Bad_Name" is not a valid ServiceAccount name');
  });
});
