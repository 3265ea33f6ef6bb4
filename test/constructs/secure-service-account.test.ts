import * as kplus from 'cdk8s-plus-27';
import { SecureServiceAccount, WorkloadIdentity } from '../../src';
import { only, synthValid, testChart } from '../helpers/cdk8s';

describe('SecureServiceAccount (cdk8s)', () => {
  test('automount off and the IRSA annotation', () => {
    const chart = testChart();
    new SecureServiceAccount(chart, 'sa', { name: 'payment-api-sa', identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api') });
    const sa = only(synthValid(chart), 'ServiceAccount');
    expect(sa).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'payment-api-sa', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/payment-api' } },
      automountServiceAccountToken: false,
    });
  });

  test('GKE and AKS annotations; the AKS pod label is exposed for workloads', () => {
    const chart = testChart();
    new SecureServiceAccount(chart, 'gke', { name: 'gke-sa', identity: WorkloadIdentity.gcp('payment-api@proj-123.iam.gserviceaccount.com') });
    const aks = new SecureServiceAccount(chart, 'aks', { name: 'aks-sa', identity: WorkloadIdentity.azure('00000000-1111-2222-3333-444444444444') });
    const manifests = synthValid(chart);
    expect(only(manifests, 'ServiceAccount', 'gke-sa').metadata.annotations).toEqual({ 'iam.gke.io/gcp-service-account': 'payment-api@proj-123.iam.gserviceaccount.com' });
    expect(only(manifests, 'ServiceAccount', 'aks-sa').metadata.annotations).toEqual({ 'azure.workload.identity/client-id': '00000000-1111-2222-3333-444444444444' });
    expect(aks.identity?.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
  });

  test('no identity, explicit automount opt-in, labels, namespace override', () => {
    const chart = testChart();
    new SecureServiceAccount(chart, 'sa', { name: 'operator', namespace: 'ops', automountToken: true, labels: { team: 'platform' } });
    const sa = only(synthValid(chart), 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(true);
    expect(sa.metadata).toEqual({ name: 'operator', namespace: 'ops', labels: { team: 'platform' } });
  });

  test('is a cdk8s-plus ServiceAccount that workloads accept, and keeps the token unmounted', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'payment-api-sa' });
    expect(sa).toBeInstanceOf(kplus.ServiceAccount);
    new kplus.Deployment(chart, 'api', { serviceAccount: sa, containers: [{ image: 'registry.example.com/payment-api:3.0.0' }] });
    const manifests = synthValid(chart);
    const pod = only(manifests, 'Deployment').spec.template.spec;
    expect(pod.serviceAccountName).toBe('payment-api-sa');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('automountToken: true is refused at synth for a cdk8s-plus workload whose own false would win', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'operator', automountToken: true });
    new kplus.Deployment(chart, 'api', { serviceAccount: sa, containers: [{ image: 'registry.example.com/operator:1.0.0' }] });
    expect(() => synthValid(chart)).toThrow('SecureServiceAccount: automountToken is true, but the workload test/api runs as ServiceAccount "operator" with automountServiceAccountToken: false on its own pod spec (the cdk8s-plus default), which takes precedence (Kubernetes: the pod\'s preference wins), so no token would be mounted. Set automountServiceAccountToken: true on that workload (only its pods then get a token) and leave automountToken unset.');
  });

  test('the token reaches a cdk8s-plus workload only through its own automountServiceAccountToken: true', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa', { name: 'operator' });
    new kplus.Deployment(chart, 'api', { serviceAccount: sa, automountServiceAccountToken: true, containers: [{ image: 'registry.example.com/operator:1.0.0' }] });
    const manifests = synthValid(chart);
    expect(only(manifests, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(only(manifests, 'Deployment').spec.template.spec.automountServiceAccountToken).toBe(true);
    // With the workload's own opt-in, the ServiceAccount's opt-in is accepted too (it then has an effect elsewhere).
    const both = testChart();
    const opted = new SecureServiceAccount(both, 'sa', { name: 'operator', automountToken: true });
    new kplus.Deployment(both, 'api', { serviceAccount: opted, automountServiceAccountToken: true, containers: [{ image: 'registry.example.com/operator:1.0.0' }] });
    expect(only(synthValid(both), 'ServiceAccount').automountServiceAccountToken).toBe(true);
  });

  test('a generated name when none is given', () => {
    const chart = testChart();
    const sa = new SecureServiceAccount(chart, 'sa');
    expect(only(synthValid(chart), 'ServiceAccount').metadata.name).toBe(sa.name);
  });

  test.each<[string, () => void, string]>([
    ['a Pulumi Output as role ARN', () => new SecureServiceAccount(testChart(), 'sa', { name: 'a', identity: WorkloadIdentity.awsIrsa({ apply: () => undefined }) }),
      'SecureServiceAccount: identity (annotation eks.amazonaws.com/role-arn) is a deferred value (for example a Pulumi Output); cdk8s writes manifests at synth time and needs a plain string here.'],
    ['a bad name', () => new SecureServiceAccount(testChart(), 'sa', { name: 'Payment API' }),
      'SecureServiceAccount: name "Payment API" is not a valid ServiceAccount name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
    ['a conflicting annotation', () => new SecureServiceAccount(testChart(), 'sa', {
      name: 'a', identity: WorkloadIdentity.gcp('payment-api@proj-123.iam.gserviceaccount.com'), annotations: { 'iam.gke.io/gcp-service-account': 'other@proj-123.iam.gserviceaccount.com' },
    }), 'SecureServiceAccount: annotations["iam.gke.io/gcp-service-account"] conflicts with the annotation set by identity (gcp); remove it from annotations and let identity set it.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
