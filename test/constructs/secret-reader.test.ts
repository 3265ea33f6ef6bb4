import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { SecretReader, SecureServiceAccount, WorkloadIdentity } from '../../src';
import { only, synthValid, testChart } from '../helpers/cdk8s';

describe('SecretReader (cdk8s)', () => {
  test('the issue usage: get on exactly the two Secrets, bound to payment-api-sa', () => {
    const chart = new Chart(new App(), 'payments', { namespace: 'payments' });
    const sa = new SecureServiceAccount(chart, 'sa', {
      name: 'payment-api-sa',
      identity: WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api'),
    });
    const reader = new SecretReader(chart, 'reader', { serviceAccount: sa, secrets: ['postgres-credentials', 'payment-gateway-key'] });

    const manifests = synthValid(chart);
    const role = only(manifests, 'Role');
    expect(role.apiVersion).toBe('rbac.authorization.k8s.io/v1');
    expect(role.metadata).toEqual({ name: 'payment-api-sa-secret-reader', namespace: 'payments' });
    expect(role.rules).toEqual([{
      apiGroups: [''],
      resources: ['secrets'],
      resourceNames: ['payment-gateway-key', 'postgres-credentials'],
      verbs: ['get'],
    }]);
    const binding = only(manifests, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'payment-api-sa-secret-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'payment-api-sa', namespace: 'payments' }]);
    expect(reader.roleName).toBe('payment-api-sa-secret-reader');
    expect(reader.resourceNames).toEqual(['payment-gateway-key', 'postgres-credentials']);
    expect(reader.verbs).toEqual(['get']);
    expect(manifests).toMatchSnapshot();
  });

  test('accepts cdk8s-plus ISecrets and a ServiceAccount name', () => {
    const chart = testChart();
    const created = new kplus.Secret(chart, 'created', { metadata: { name: 'created-secret' } });
    const imported = kplus.Secret.fromSecretName(chart, 'imported', 'imported-secret');
    new SecretReader(chart, 'reader', { serviceAccount: 'worker', secrets: [imported, created, 'created-secret'] });
    const manifests = synthValid(chart);
    expect(only(manifests, 'Role').rules[0].resourceNames).toEqual(['created-secret', 'imported-secret']);
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'worker', namespace: 'payments' }]);
  });

  test('list/watch opt-in', () => {
    const chart = testChart();
    new SecretReader(chart, 'reader', { serviceAccount: 'worker', secrets: ['db'], allowListWatch: true });
    expect(only(synthValid(chart), 'Role').rules[0].verbs).toEqual(['get', 'list', 'watch']);
  });

  test('explicit namespace and cross-namespace opt-in', () => {
    const chart = testChart({});
    const sa = kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'ci-runner', { namespaceName: 'ci' });
    new SecretReader(chart, 'reader', { namespace: 'payments', serviceAccount: sa, secrets: ['db'], allowCrossNamespaceSubject: true });
    const manifests = synthValid(chart);
    expect(only(manifests, 'Role').metadata.namespace).toBe('payments');
    expect(only(manifests, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ci-runner', namespace: 'ci' }]);
  });

  test('two readers for one ServiceAccount need distinct names', () => {
    const chart = testChart();
    new SecretReader(chart, 'a', { serviceAccount: 'worker', secrets: ['db'] });
    expect(() => new SecretReader(chart, 'b', { serviceAccount: 'worker', secrets: ['cache'] }))
      .toThrow('SecretReader: name "worker-secret-reader" is already used in namespace "payments" by the SecretReader at test/a; give one of them a distinct name.');
    new SecretReader(chart, 'c', { serviceAccount: 'worker', secrets: ['cache'], name: 'worker-cache-reader' });
    expect(synthValid(chart).filter(m => m.kind === 'Role').map(m => m.metadata.name)).toEqual(['worker-secret-reader', 'worker-cache-reader']);
  });

  test.each<[string, (chart: Chart) => void, string]>([
    ['no namespace anywhere', chart => new SecretReader(chart, 'r', { serviceAccount: 'worker', secrets: ['db'] }),
      'SecretReader: namespace is not set and the Chart has no namespace; set the namespace prop or create the Chart with { namespace: "..." } so the objects do not land in whatever namespace kubectl happens to use.'],
    ['an imported ServiceAccount defaults to "default"', chart => new SecretReader(chart, 'r', {
      namespace: 'payments', serviceAccount: kplus.ServiceAccount.fromServiceAccountName(chart, 'sa', 'worker'), secrets: ['db'],
    }), 'SecretReader: serviceAccount "worker" is in namespace "default" but the Secrets are in "payments"; a ServiceAccount from another namespace reading these Secrets needs allowCrossNamespaceSubject: true (or use a ServiceAccount in "payments").'],
    ['a Secret from another namespace', chart => new SecretReader(chart, 'r', {
      namespace: 'payments', serviceAccount: 'worker', secrets: [new kplus.Secret(chart, 's', { metadata: { name: 'db', namespace: 'other' } })],
    }), 'SecretReader: secrets[0] Secret "db" is in namespace "other" but the Role is in "payments"; a Role grants access only in its own namespace, so create a separate SecretReader in "other".'],
    ['a wildcard', chart => new SecretReader(chart, 'r', { namespace: 'payments', serviceAccount: 'worker', secrets: ['*'] }),
      'SecretReader: secrets[0] "*" is a wildcard or glob; name each object explicitly (Kubernetes matches names exactly and cannot narrow them by pattern).'],
    ['a non-ServiceAccount subject', chart => new SecretReader(chart, 'r', {
      namespace: 'payments', serviceAccount: kplus.User.fromName(chart, 'u', 'alice') as any, secrets: ['db'],
    // The messages of the core resolution (resolveServiceAccount), which the Pulumi twin now shares.
    }), 'SecretReader: serviceAccount is a User; a ServiceAccount is required.'],
    ['no subject', chart => new SecretReader(chart, 'r', { namespace: 'payments', serviceAccount: undefined as any, secrets: ['db'] }),
      'SecretReader: serviceAccount must be a ServiceAccount name, a SecureServiceAccount or a cdk8s-plus IServiceAccount; received undefined.'],
    ['the default ServiceAccount', chart => new SecretReader(chart, 'r', { namespace: 'payments', serviceAccount: 'default', secrets: ['db'] }),
      'SecretReader: serviceAccount "default" is the ServiceAccount of every pod in its namespace that names none; granting it secret access gives the secrets to all of them. Give the workload its own ServiceAccount (SecureServiceAccount), or set allowDefaultServiceAccount: true.'],
    ['a hole in the Secret list', chart => new SecretReader(chart, 'r', { namespace: 'payments', serviceAccount: 'worker', secrets: [, 'db'] as any }),
      'SecretReader: secrets[0] is a hole in the list; every entry of secrets must be a Secret name, a cdk8s-plus ISecret or a SecretHandle.'],
  ])('refuses %s', (_, build, message) => {
    expect(() => build(testChart({}))).toThrow(message);
  });
});
