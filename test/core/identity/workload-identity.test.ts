import { WorkloadIdentity, WorkloadIdentityProvider, secureServiceAccountManifest } from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const ROLE_ARN = 'arn:aws:iam::111122223333:role/payment-api';

describe('WorkloadIdentity', () => {
  test('awsIrsa sets eks.amazonaws.com/role-arn', () => {
    const id = WorkloadIdentity.awsIrsa(ROLE_ARN);
    expect(id.provider).toBe(WorkloadIdentityProvider.AWS_IRSA);
    expect(id.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(id.podLabels).toEqual({});
  });

  test.each([
    'arn:aws:iam::111122223333:role/path/to/payment-api',
    'arn:aws-cn:iam::111122223333:role/payment-api',
    'arn:aws-us-gov:iam::111122223333:role/a+b=c,d.e@f-g_h',
  ])('awsIrsa accepts %s', arn => {
    expect(WorkloadIdentity.awsIrsa(arn).annotations['eks.amazonaws.com/role-arn']).toBe(arn);
  });

  test('gcp sets iam.gke.io/gcp-service-account', () => {
    const id = WorkloadIdentity.gcp('payment-api@my-project.iam.gserviceaccount.com');
    expect(id.provider).toBe(WorkloadIdentityProvider.GCP);
    expect(id.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'payment-api@my-project.iam.gserviceaccount.com' });
  });

  test('azure sets the client id annotation and requires the pod label', () => {
    const id = WorkloadIdentity.azure('00000000-1111-2222-3333-444444444444', { tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' });
    expect(id.provider).toBe(WorkloadIdentityProvider.AZURE);
    expect(id.annotations).toEqual({
      'azure.workload.identity/client-id': '00000000-1111-2222-3333-444444444444',
      'azure.workload.identity/tenant-id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    });
    expect(id.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('deferred values (a Pulumi Output) pass through unchecked', () => {
    const deferred = { apply: (f: (v: string) => unknown) => f('x') };
    expect(WorkloadIdentity.awsIrsa(deferred).annotations['eks.amazonaws.com/role-arn']).toBe(deferred);
  });

  test.each([
    [() => WorkloadIdentity.awsIrsa('arn:aws:iam::1234:role/x'), 'WorkloadIdentity: identity (WorkloadIdentity.awsIrsa roleArn) "arn:aws:iam::1234:role/x" is not valid; expected an IAM role ARN: arn:<partition>:iam::<12-digit account>:role/<name>, e.g. "arn:aws:iam::111122223333:role/payment-api".'],
    [() => WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:user/x'), 'WorkloadIdentity: identity (WorkloadIdentity.awsIrsa roleArn) "arn:aws:iam::111122223333:user/x" is not valid; expected an IAM role ARN: arn:<partition>:iam::<12-digit account>:role/<name>, e.g. "arn:aws:iam::111122223333:role/payment-api".'],
    [() => WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/*'), 'WorkloadIdentity: identity (WorkloadIdentity.awsIrsa roleArn) "arn:aws:iam::111122223333:role/*" is not valid; expected an IAM role ARN: arn:<partition>:iam::<12-digit account>:role/<name>, e.g. "arn:aws:iam::111122223333:role/payment-api".'],
    [() => WorkloadIdentity.gcp('payment-api@gmail.com'), 'WorkloadIdentity: identity (WorkloadIdentity.gcp gsaEmail) "payment-api@gmail.com" is not valid; expected a Google service account email: <name>@<project>.iam.gserviceaccount.com.'],
    [() => WorkloadIdentity.azure('not-a-guid'), 'WorkloadIdentity: identity (WorkloadIdentity.azure clientId) "not-a-guid" is not valid; expected a client id GUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.'],
    [() => WorkloadIdentity.azure('00000000-1111-2222-3333-444444444444', { tenantId: 'x' }), 'WorkloadIdentity: identity (WorkloadIdentity.azure tenantId) "x" is not valid; expected a tenant id GUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.'],
  ])('refuses bad identity values (%#)', (call, message) => {
    expect(call).toThrow(message);
  });
});

describe('secureServiceAccountManifest', () => {
  test('automount off by default, identity annotation on', () => {
    const sa = secureServiceAccountManifest({ name: 'payment-api-sa', namespace: 'payments', identity: WorkloadIdentity.awsIrsa(ROLE_ARN) });
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'payment-api-sa', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': ROLE_ARN } },
      automountServiceAccountToken: false,
    });
    expectValidManifests([sa]);
  });

  test('automount only when asked for', () => {
    expect(secureServiceAccountManifest({ name: 'a', automountToken: true }).automountServiceAccountToken).toBe(true);
    expect(secureServiceAccountManifest({ name: 'a' }).metadata).toEqual({ name: 'a' });
  });

  test('user annotations merge, but may not redefine the identity', () => {
    const identity = WorkloadIdentity.awsIrsa(ROLE_ARN);
    const annotations = { 'app.kubernetes.io/team': 'payments', 'eks.amazonaws.com/role-arn': ROLE_ARN };
    expect(secureServiceAccountManifest({ name: 'a', identity, annotations }).metadata.annotations).toEqual(annotations);
    expect(() => secureServiceAccountManifest({ name: 'a', identity, annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/other' } }))
      .toThrow('SecureServiceAccount: annotations["eks.amazonaws.com/role-arn"] conflicts with the annotation set by identity (aws-irsa); remove it from annotations and let identity set it.');
  });

  test.each([
    [{ name: 'Payment_API' }, 'SecureServiceAccount: name "Payment_API" is not a valid ServiceAccount name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
    [{ name: 'sa', namespace: 'kube_system' }, 'SecureServiceAccount: namespace "kube_system" is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters).'],
    [{ name: { apply: () => 1 } }, 'SecureServiceAccount: name is a deferred value (for example a Pulumi Output); ServiceAccount name must be a plain string known when the manifest is built.'],
  ])('refuses %j', (options, message) => {
    expect(() => secureServiceAccountManifest(options as any)).toThrow(message);
  });
});
