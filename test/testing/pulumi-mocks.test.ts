/**
 * What `kube-secure-secrets/testing`'s mocks return for AWS and Kubernetes resources, and that the entry
 * depends on neither jest nor the repository's test helpers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { mockCallOutputs, mockResourceOutputs } from 'kube-secure-secrets/testing';

describe('mockResourceOutputs', () => {
  test('Kubernetes: a generated name when none is given, the default namespace, a uid; cluster-scoped kinds get no namespace', () => {
    const sa = mockResourceOutputs('kubernetes:core/v1:ServiceAccount', 'api-sa', { metadata: {} });
    expect(sa.metadata).toEqual({ name: expect.stringMatching(/^api-sa-[0-9a-f]{7}$/), namespace: 'default', uid: expect.any(String), resourceVersion: '1' });
    const named = mockResourceOutputs('kubernetes:core/v1:Secret', 's', { metadata: { name: 'db', namespace: 'payments' }, type: 'Opaque' });
    expect(named).toMatchObject({ metadata: { name: 'db', namespace: 'payments' }, type: 'Opaque' });
    const role = mockResourceOutputs('kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', 'r', { metadata: { name: 'reader' } });
    expect(role.metadata).not.toHaveProperty('namespace');
    expect(mockResourceOutputs('kubernetes:helm.sh/v3:Release', 'h', { chart: 'x' })).toEqual({ chart: 'x' });
  });

  test('AWS: ARNs in the given account and region', () => {
    const options = { account: '444455556666', region: 'eu-west-1' };
    expect(mockResourceOutputs('aws:iam/role:Role', 'eso', { name: 'eso-role' }, options).arn).toBe('arn:aws:iam::444455556666:role/eso-role');
    expect(mockResourceOutputs('aws:kms/key:Key', 'k', {}, options).arn).toMatch(/^arn:aws:kms:eu-west-1:444455556666:key\/[0-9a-f-]{36}$/);
    expect(mockResourceOutputs('aws:secretsmanager/secret:Secret', 's', { name: 'prod/db' }, options).arn).toBe('arn:aws:secretsmanager:eu-west-1:444455556666:secret:prod/db-AbCdEf');
    expect(mockCallOutputs('aws:index/getCallerIdentity:getCallerIdentity', {}, options)).toMatchObject({ accountId: '444455556666' });
    expect(mockCallOutputs('aws:index/getRegion:getRegion', {}, options)).toMatchObject({ name: 'eu-west-1' });
  });
});

test('src/testing imports neither jest nor test/', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'testing');
  for (const file of fs.readdirSync(dir)) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    expect({ file, jest: /from '(@jest\/|jest)|require\('jest/.test(text), test: /from '\.\.\/\.\.\/test|from '\.\.\/test/.test(text) }).toEqual({ file, jest: false, test: false });
  }
});
