import { execFileSync } from 'child_process';
import * as path from 'path';
import type { PolicyResource, StackValidationArgs } from '@pulumi/policy';
import { AUDIT_RULES } from '../../src/core/audit/audit';
import { manifestOfResource, secretsAuditPolicies } from '../../src/policy';

function resource(type: string, name: string, props: Record<string, unknown>): PolicyResource {
  return { type, name, urn: `urn:pulumi:dev::app::${type}::${name}`, props, opts: {} } as unknown as PolicyResource;
}

/** Run every policy's validateStack as the analyzer does, collecting (policy, message, urn). */
function run(resources: PolicyResource[], options = {}) {
  const violations: Array<[string, string, string | undefined]> = [];
  const args = { resources, stackTags: new Map(), getConfig: () => ({}), notApplicable: () => undefined } as unknown as StackValidationArgs;
  for (const p of secretsAuditPolicies(options)) {
    void p.validateStack(args, (message, urn) => violations.push([p.name, message, urn]));
  }
  return violations;
}

describe('kube-secure-secrets/policy', () => {
  test('importing the entry does not even load @pulumi/policy, so no PolicyPack (which starts the analyzer) is built', () => {
    const root = path.resolve(__dirname, '..', '..');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e',
      'require("./src/policy"); process.stdout.write(String(Object.keys(require.cache).some(k => k.includes("@pulumi/policy"))));'],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '' } }).toString();
    expect(out).toBe('false');
  });

  test('secretsAuditPolicyPack builds a PolicyPack that the SDK accepts and serves (its analyzer prints its port)', () => {
    const root = path.resolve(__dirname, '..', '..');
    const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e',
      'require("./src/policy").secretsAuditPolicyPack("kube-secure-secrets", { failOn: "medium" }); setTimeout(() => process.exit(0), 1500);'],
    { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30000 }).toString();
    expect(out.trim()).toMatch(/^\d+$/);
  });

  test('one policy per rule, named by the rule id; failOn makes lower rules advisory', () => {
    const policies = secretsAuditPolicies({ failOn: 'high' });
    expect(policies.map(p => p.name)).toEqual(AUDIT_RULES.map(r => r.id));
    expect(policies.find(p => p.name === 'KSS-PLAIN-001')!.enforcementLevel).toBe('mandatory');
    expect(policies.find(p => p.name === 'KSS-SA-001')!.enforcementLevel).toBe('advisory');
    expect(secretsAuditPolicies({ ignore: ['KSS-SA-001'] }).map(p => p.name)).not.toContain('KSS-SA-001');
    expect(() => secretsAuditPolicies({ failOn: 'critical' as never })).toThrow('secretsAuditPolicies: failOn "critical" is not a severity; use "high", "medium" or "low".');
  });

  test('resource types map to manifests; patches, components and other providers do not', () => {
    expect(manifestOfResource({ type: 'kubernetes:core/v1:Secret', props: { metadata: { name: 'x' } } })).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
    expect(manifestOfResource({ type: 'kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', props: {} })).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' });
    expect(manifestOfResource({ type: 'kubernetes:apiextensions.k8s.io:CustomResource', props: { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret' } }))
      .toEqual({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret' });
    expect(manifestOfResource({ type: 'kubernetes:core/v1:SecretPatch', props: {} })).toBeUndefined();
    expect(manifestOfResource({ type: 'kubernetes:helm.sh/v3:Chart', props: {} })).toEqual({ apiVersion: 'helm.sh/v3', kind: 'Chart' });
    expect(manifestOfResource({ type: 'aws:s3/bucket:Bucket', props: {} })).toBeUndefined();
  });

  test('violations carry the resource URN, the message and the fix; cross-resource rules see the stack', () => {
    const violations = run([
      resource('kubernetes:core/v1:Secret', 'db', { metadata: { name: 'db', namespace: 'app' }, stringData: { password: 'fake-password-123' } }),
      resource('kubernetes:rbac.authorization.k8s.io/v1:ClusterRole', 'reader', { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: ['db'], verbs: ['get'] }] }),
      resource('kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding', 'reader', { metadata: { name: 'reader' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' }, subjects: [] }),
      resource('aws:s3/bucket:Bucket', 'b', { bucket: 'x' }),
    ]);
    expect(violations.map(([p, , urn]) => [p, urn])).toEqual([
      ['KSS-PLAIN-001', 'urn:pulumi:dev::app::kubernetes:core/v1:Secret::db'],
      ['KSS-RBAC-005', 'urn:pulumi:dev::app::kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding::reader'],
    ]);
    expect(violations[0][1]).toMatch(/^\[high\] stringData\.password of Secret app\/db is a plaintext value .* Fix: Commit only encrypted secrets: /);
    expect(JSON.stringify(violations)).not.toContain('fake-password-123');
  });
});
