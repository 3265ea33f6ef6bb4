/**
 * The public `kube-secure-secrets/testing` entry, used as a user would in an example's test: the cdk8s
 * least-privilege example through `synthValid`, and the Pulumi aws-cloud-native example offline under
 * `setupPulumiMocks` (AWS outputs filled in), its Kubernetes manifests through `validateManifests`.
 */
import { Testing } from 'cdk8s';
import { PaymentsChart } from '../../examples/cdk8s/least-privilege/main';
import { manifestProblems, setupPulumiMocks, synthValid, validateManifests } from 'kube-secure-secrets/testing';

describe('kube-secure-secrets/testing with the cdk8s least-privilege example', () => {
  test('synthValid returns every manifest, validated strictly', () => {
    const manifests = synthValid(new PaymentsChart(Testing.app(), 'payments'));
    expect(manifests.map(m => `${m.kind}/${(m.metadata as { name: string }).name}`).sort()).toEqual([
      'Deployment/payment-api', 'Role/payment-api-sa-secret-reader', 'RoleBinding/payment-api-sa-secret-reader', 'ServiceAccount/payment-api-sa',
    ]);
  });

  test('strict: an unknown field, an unknown kind and an unserved CRD version are problems', () => {
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'payments' } };
    expect(manifestProblems(sa)).toEqual([]);
    expect(manifestProblems({ ...sa, automountServiceAccountTokn: false })).toEqual([
      'v1/ServiceAccount payments/a [kubernetes 1.28] / must NOT have additional properties (automountServiceAccountTokn)',
    ]);
    expect(manifestProblems({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } })[0]).toContain('no schema shipped for apiVersion example.com/v1 kind Widget');
    expect(manifestProblems({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'e' } })[0]).toContain('is not served');
    expect(() => validateManifests([{ ...sa, spec: {} }])).toThrow(/do not validate against the upstream schemas:\n {2}v1\/ServiceAccount payments\/a .*\(spec\)/);
    expect(() => validateManifests([])).toThrow('no manifests');
  });
});

describe('kube-secure-secrets/testing with the Pulumi aws-cloud-native example', () => {
  const mocks = setupPulumiMocks({ project: 'aws-cloud-native' });

  test('runs offline with AWS outputs filled in; every Kubernetes manifest validates', async () => {
    const program = await import('../../examples/pulumi/aws-cloud-native');
    const arn = await new Promise<string>(resolve => program.esoRoleArn.apply(v => resolve(v)));
    expect(arn).toMatch(/^arn:aws:iam::111122223333:role\/\S+$/);
    await new Promise<void>(resolve => program.credentials.urn.apply(() => resolve()));
    await new Promise(resolve => setTimeout(resolve, 200));
    const manifests = mocks.kubernetesManifests();
    expect(manifests.length).toBeGreaterThan(3);
    validateManifests(manifests);
    const sa = mocks.resourcesOf('kubernetes:core/v1:ServiceAccount').map(r => r.inputs.metadata as { name: string; annotations: Record<string, string> });
    expect(sa.find(m => m.name === 'eso-sa')?.annotations['eks.amazonaws.com/role-arn']).toBe(arn);
  });
});
