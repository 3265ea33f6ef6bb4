import { Testing } from 'cdk8s';
import { PaymentsChart } from '../../examples/cdk8s/least-privilege/main';
import { only, synthValid } from '../helpers/cdk8s';
import { kubernetesManifests, resetRecorded, resourcesOf, setupPulumiMocks, stripUndefined } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

describe('examples/cdk8s/least-privilege', () => {
  const manifests = () => synthValid(new PaymentsChart(Testing.app(), 'payments'));

  test('Role: exactly get on the two Secrets, bound to payment-api-sa', () => {
    const all = manifests();
    const role = only(all, 'Role');
    expect(role.metadata.namespace).toBe('payments');
    expect(role.rules).toHaveLength(1);
    expect(role.rules[0].verbs).toEqual(['get']);
    expect(role.rules[0].resourceNames).toEqual(['payment-gateway-key', 'postgres-credentials']);
    expect(role.rules[0].resources).toEqual(['secrets']);
    expect(role.rules[0].apiGroups).toEqual(['']);
    const binding = only(all, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'payments' }]);
  });

  test('ServiceAccount: automount off, IRSA annotation; the Deployment runs as it and opts in at pod level', () => {
    const all = manifests();
    const sa = only(all, 'ServiceAccount');
    expect(sa.metadata.name).toBe('payment-api-sa');
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/payment-api' });
    const pod = only(all, 'Deployment', 'payment-api').spec.template.spec;
    expect(pod.serviceAccountName).toBe('payment-api-sa');
    expect(pod.automountServiceAccountToken).toBe(true);
  });

  test('snapshot', () => {
    expect(manifests()).toMatchSnapshot();
  });
});

describe('examples/pulumi/least-privilege', () => {
  beforeAll(setupPulumiMocks);
  beforeEach(resetRecorded);

  test('creates the same objects under mocks, all schema-valid', async () => {
    const program = await import('../../examples/pulumi/least-privilege');
    await new Promise<void>(resolve => program.deployment.urn.apply(() => resolve()));
    const all = kubernetesManifests();
    expectValidManifests(all);
    expect(all.map(m => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'Deployment/payment-api', 'Role/payment-api-sa-secret-reader', 'RoleBinding/payment-api-sa-secret-reader', 'ServiceAccount/payment-api-sa',
    ]);
    expect(only(all, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['payment-gateway-key', 'postgres-credentials'], verbs: ['get'] }]);
    expect(stripUndefined(resourcesOf('kubernetes:apps/v1:Deployment')[0].inputs.spec.template.spec.serviceAccountName)).toBe('payment-api-sa');
  });
});
