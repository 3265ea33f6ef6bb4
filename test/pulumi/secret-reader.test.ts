import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretReader, SecureServiceAccount } from '../../src/pulumi';
import { kubernetesManifests, onlyResourceOf, resetRecorded, settle, setupPulumiMocks, stripUndefined, valueOf } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

const ROLE = 'kubernetes:rbac.authorization.k8s.io/v1:Role';
const BINDING = 'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

describe('SecretReader (Pulumi)', () => {
  test('the issue usage: get on exactly the two Secrets, by ServiceAccount name', async () => {
    const reader = new SecretReader('reader', {
      namespace: 'payments',
      serviceAccount: 'payment-api-sa',
      secrets: ['postgres-credentials', 'payment-gateway-key'],
    });
    await settle(reader.role, reader.roleBinding);
    const role = stripUndefined(onlyResourceOf(ROLE).inputs);
    expect(role).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'payment-api-sa-secret-reader', namespace: 'payments' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['payment-gateway-key', 'postgres-credentials'], verbs: ['get'] }],
    });
    const binding = stripUndefined(onlyResourceOf(BINDING).inputs);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'payment-api-sa-secret-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'payments' }]);
    expect(reader.resourceNames).toEqual(['payment-gateway-key', 'postgres-credentials']);
    expect(reader.verbs).toEqual(['get']);
    expect(await valueOf(reader.roleName)).toBe('payment-api-sa-secret-reader');
    expect(onlyResourceOf('kube-secure-secrets:rbac:SecretReader').name).toBe('reader');
    expectValidManifests(kubernetesManifests());
  });

  test('with a SecureServiceAccount component', async () => {
    const sa = new SecureServiceAccount('sa', { name: 'payment-api-sa', namespace: 'payments' });
    const reader = new SecretReader('reader', { namespace: 'payments', serviceAccount: sa, secrets: ['db'] });
    await settle(reader.roleBinding);
    expect(onlyResourceOf(BINDING).inputs.subjects).toEqual([{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'payments' }]);
    expectValidManifests(kubernetesManifests());
  });

  test('with a raw k8s.core.v1.ServiceAccount, resolved from its outputs', async () => {
    const sa = new k8s.core.v1.ServiceAccount('raw', { metadata: { name: 'worker', namespace: 'payments' } });
    const reader = new SecretReader('reader', { namespace: 'payments', serviceAccount: sa, secrets: ['db', 'cache'] });
    await settle(reader.roleBinding);
    const binding = stripUndefined(onlyResourceOf(BINDING).inputs);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'worker', namespace: 'payments' }]);
    expect(binding.metadata.name).toBe('worker-secret-reader');
    expect(onlyResourceOf(ROLE).inputs.rules[0].resourceNames).toEqual(['cache', 'db']);
    expect(reader.resourceNames).toEqual(['cache', 'db']);
  });

  test.each<[string, () => unknown, string]>([
    ['an empty list', () => new SecretReader('r', { namespace: 'payments', serviceAccount: 'worker', secrets: [] }),
      'SecretReader: secrets is empty; name at least one Secret. (An empty resourceNames list would grant access to every Secret in the namespace, so it is refused.)'],
    ['a glob', () => new SecretReader('r', { namespace: 'payments', serviceAccount: 'worker', secrets: ['db', 'db-*'] }),
      'SecretReader: secrets[1] "db-*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    ['a cross-namespace subject', () => new SecretReader('r', { namespace: 'payments', serviceAccount: 'worker', serviceAccountNamespace: 'ops', secrets: ['db'] }),
      'SecretReader: serviceAccount "worker" is in namespace "ops" but the Secrets are in "payments"; a ServiceAccount from another namespace reading these Secrets needs allowCrossNamespaceSubject: true (or use a ServiceAccount in "payments").'],
    ['a raw ServiceAccount with a wildcard verb', () => new SecretReader('r', {
      namespace: 'payments', serviceAccount: new k8s.core.v1.ServiceAccount('raw2', {}), secrets: ['db'], verbs: ['*' as any],
    }), 'SecretReader: verbs[0] "*" is a wildcard; SecretReader grants read verbs only: "get", plus "list" and "watch" with allowListWatch: true.'],
  ])('refuses %s with a ResourceError naming the prop and value', (_, build, message) => {
    expect(build).toThrow(pulumi.ResourceError);
    expect(build).toThrow(message);
  });
});
