import { spawn } from 'child_process';
import * as net from 'net';
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

interface NodeRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** With `served`: whether a TCP connection to the port the process printed was accepted. */
  readonly connected?: boolean;
}

/**
 * `script` in a fresh Node.js process at the project root, TypeScript loaded by test/helpers/ts-register.cjs
 * (ts-node's transpile-only output, cached). With `served`, the process is a server that prints its port
 * and never exits: once a line is printed, the port is connected to, and the process is then killed.
 */
function runNode(script: string, served = false): Promise<NodeRun> {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', path.join(root, 'test', 'helpers', 'ts-register.cjs'), '-e', script], {
    cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30000,
  });
  let stdout = '';
  let stderr = '';
  let connected: boolean | undefined;
  child.stderr.on('data', chunk => (stderr += chunk));
  child.stdout.on('data', chunk => {
    stdout += chunk;
    if (served && connected === undefined && stdout.includes('\n')) {
      connected = false;
      const socket = net.connect(Number(stdout.trim()), '127.0.0.1');
      socket.once('connect', () => (connected = true)).once('error', () => undefined);
      socket.once('connect', () => socket.destroy()).once('close', () => child.kill());
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', code => resolve({ code, stdout, stderr, connected }));
  });
}

describe('kube-secure-secrets/policy', () => {
  // Both processes run side by side (each takes a second or more), while the in-process tests run.
  let imported: Promise<NodeRun>;
  let pack: Promise<NodeRun>;
  beforeAll(() => {
    imported = runNode('require("./src/policy"); process.stdout.write(String(Object.keys(require.cache).some(k => k.includes("@pulumi/policy"))));');
    pack = runNode('require("./src/policy").secretsAuditPolicyPack("kube-secure-secrets", { failOn: "medium" });', true);
  });

  test('importing the entry does not even load @pulumi/policy, so no PolicyPack (which starts the analyzer) is built', async () => {
    const result = await imported;
    expect(result).toEqual({ code: 0, stdout: 'false', stderr: '', connected: undefined });
  });

  test('secretsAuditPolicyPack builds a PolicyPack that the SDK accepts and serves (its analyzer prints its port)', async () => {
    const result = await pack;
    expect(result.stdout.trim()).toMatch(/^\d+$/);
    // Serving: the port it printed accepts connections, and it was still running when killed.
    expect({ connected: result.connected, code: result.code, stderr: result.stderr }).toEqual({ connected: true, code: null, stderr: '' });
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
