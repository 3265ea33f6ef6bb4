import { ValidationError, secretReaderManifests } from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const base = { namespace: 'payments', serviceAccount: 'payment-api-sa', secrets: ['postgres-credentials', 'payment-gateway-key'] };

describe('secretReaderManifests', () => {
  test('grants exactly get on the named Secrets, sorted and de-duplicated', () => {
    const { role, roleBinding } = secretReaderManifests({ ...base, secrets: ['postgres-credentials', 'payment-gateway-key', 'postgres-credentials'] });
    expect(role).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'payment-api-sa-secret-reader', namespace: 'payments' },
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['payment-gateway-key', 'postgres-credentials'], verbs: ['get'] }],
    });
    expect(roleBinding).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'payment-api-sa-secret-reader', namespace: 'payments' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'payment-api-sa-secret-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'payments' }],
    });
    expectValidManifests([role, roleBinding]);
  });

  test('list and watch only with the explicit opt-in, in canonical order', () => {
    const { role, verbs } = secretReaderManifests({ ...base, allowListWatch: true });
    expect(verbs).toEqual(['get', 'list', 'watch']);
    expect((role.rules as any)[0].verbs).toEqual(['get', 'list', 'watch']);
    expect(secretReaderManifests({ ...base, allowListWatch: true, verbs: ['watch', 'get'] }).verbs).toEqual(['get', 'watch']);
    expect(secretReaderManifests({ ...base, verbs: ['get', 'get'] }).verbs).toEqual(['get']);
  });

  test('cross-namespace subject only when asked for', () => {
    const { roleBinding } = secretReaderManifests({ ...base, serviceAccountNamespace: 'ops', allowCrossNamespaceSubject: true });
    expect(roleBinding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'ops' }]);
    expect(roleBinding.metadata.namespace).toBe('payments');
  });

  test('explicit name and labels', () => {
    const { role, roleBinding } = secretReaderManifests({ ...base, name: 'db-reader', labels: { 'app.kubernetes.io/name': 'payment-api' } });
    expect(role.metadata).toEqual({ name: 'db-reader', namespace: 'payments', labels: { 'app.kubernetes.io/name': 'payment-api' } });
    expect((roleBinding.roleRef as any).name).toBe('db-reader');
  });

  test.each([
    [{ secrets: [] }, 'SecretReader: secrets is empty; name at least one Secret. (An empty resourceNames list would grant access to every Secret in the namespace, so it is refused.)'],
    [{ secrets: ['db', '*'] }, 'SecretReader: secrets[1] "*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    [{ secrets: ['db-*'] }, 'SecretReader: secrets[0] "db-*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    [{ secrets: ['db-?'] }, 'SecretReader: secrets[0] "db-?" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    [{ secrets: ['Postgres_Credentials'] }, 'SecretReader: secrets[0] "Postgres_Credentials" is not a valid Secret name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
    [{ secrets: [''] }, 'SecretReader: secrets[0] is empty; Secret name is required.'],
    [{ secrets: [`${'a'.repeat(254)}`] }, `SecretReader: secrets[0] "${'a'.repeat(254)}" is not a valid Secret name: use a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters).`],
    [{ secrets: [{ name: 'db', namespace: 'other' }] }, 'SecretReader: secrets[0] Secret "db" is in namespace "other" but the Role is in "payments"; a Role grants access only in its own namespace, so create a separate SecretReader in "other".'],
    [{ verbs: ['*'] }, 'SecretReader: verbs[0] "*" is a wildcard; SecretReader grants read verbs only: "get", plus "list" and "watch" with allowListWatch: true.'],
    [{ verbs: ['get', 'create'] }, 'SecretReader: verbs[1] "create" cannot be narrowed by resourceNames, so it would apply to every Secret in the namespace; SecretReader grants read access only: "get", plus "list" and "watch" with allowListWatch: true.'],
    [{ verbs: ['deletecollection'] }, 'SecretReader: verbs[0] "deletecollection" cannot be narrowed by resourceNames, so it would apply to every Secret in the namespace; SecretReader grants read access only: "get", plus "list" and "watch" with allowListWatch: true.'],
    [{ verbs: ['get', 'update'] }, 'SecretReader: verbs[1] "update" is not a read verb; SecretReader grants read access only ("get", "list", "watch"). Write a dedicated Role for a workload that must change Secrets.'],
    [{ verbs: ['get', 'list'] }, 'SecretReader: verbs[1] "list" needs the explicit opt-in allowListWatch: true. With resourceNames, Kubernetes authorizes list and watch only for requests that carry the field selector metadata.name=<secret>; without resourceNames, list returns every Secret value in the namespace.'],
    [{ verbs: ['watch'] }, 'SecretReader: verbs[0] "watch" needs the explicit opt-in allowListWatch: true. With resourceNames, Kubernetes authorizes list and watch only for requests that carry the field selector metadata.name=<secret>; without resourceNames, list returns every Secret value in the namespace.'],
    [{ verbs: ['watch'], allowListWatch: true }, 'SecretReader: verbs ["watch"] lacks "get"; every Secret reader needs "get" (list and watch by name are for informers that also get).'],
    [{ verbs: [] }, 'SecretReader: verbs is empty; grant at least "get" (the default when verbs is omitted).'],
    [{ verbs: ['GET'] }, 'SecretReader: verbs[0] "GET" is not a verb SecretReader can grant; allowed: "get", plus "list" and "watch" with allowListWatch: true.'],
    [{ serviceAccountNamespace: 'ops' }, 'SecretReader: serviceAccount "payment-api-sa" is in namespace "ops" but the Secrets are in "payments"; a ServiceAccount from another namespace reading these Secrets needs allowCrossNamespaceSubject: true (or use a ServiceAccount in "payments").'],
    [{ serviceAccount: 'system:serviceaccount:payments:x' }, 'SecretReader: serviceAccount "system:serviceaccount:payments:x" is not a valid ServiceAccount name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
    [{ namespace: 'Payments' }, 'SecretReader: namespace "Payments" is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters).'],
    [{ namespace: 'a.b' }, 'SecretReader: namespace "a.b" is not a valid namespace name: use a DNS-1123 label (lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters).'],
    [{ name: 'reader-*' }, 'SecretReader: name "reader-*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    [{ labels: { app: 'a b' } }, 'SecretReader: labels["app"] "a b" is not a valid label value: at most 63 characters, letters, digits, \'-\', \'_\' and \'.\', starting and ending alphanumeric.'],
    [{ labels: { 'bad key!': 'x' } }, 'SecretReader: labels["bad key!"] is not a valid label key: use an optional DNS subdomain prefix and \'/\', then a name of at most 63 characters (letters, digits, \'-\', \'_\', \'.\').'],
  ])('refuses %j', (override, message) => {
    const call = () => secretReaderManifests({ ...base, ...override } as any);
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (e) {
      expect((e as Error).message).toBe(message);
    }
  });
});
