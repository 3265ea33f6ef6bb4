import { complianceReport } from '../../../src/core';
import { objectRef } from '../../../src/core/patterns/compliance';

const base = [
  { id: 'no-plaintext-in-git', status: 'enforced', enforcedBy: ['ExternalSecret payments/b', 'ExternalSecret payments/a', 'ExternalSecret payments/a'], how: 'references only' },
  { id: 'no-static-cloud-keys', status: 'enforced', enforcedBy: ['ServiceAccount payments/eso'], how: 'IRSA' },
  { id: 'least-privilege-rbac', status: 'enforced', enforcedBy: ['Role payments/r'], how: 'get on named Secrets' },
  { id: 'rotation-reaches-pods', status: 'enforced', enforcedBy: ['Deployment payments/api'], how: 'Reloader' },
  { id: 'network-isolation', status: 'partial', enforcedBy: ['NetworkPolicy payments/default-deny-all'], how: 'default-deny', userJob: 'restrict the ESO controller egress' },
  { id: 'audit-and-alerting', status: 'user', enforcedBy: [], how: 'none', userJob: 'enable the audit policy' },
] as const;

describe('compliance report', () => {
  test('every control once, canonical order, sorted and de-duplicated references', () => {
    const report = complianceReport('CloudNativeSecrets', 'secrets', ['External Secrets Operator v2.9'], [...base].reverse());
    expect(report.schemaVersion).toBe(1);
    expect(report.controls.map(c => c.id)).toEqual(['no-plaintext-in-git', 'no-static-cloud-keys', 'least-privilege-rbac', 'rotation-reaches-pods', 'network-isolation', 'audit-and-alerting']);
    expect(report.controls[0].enforcedBy).toEqual(['ExternalSecret payments/a', 'ExternalSecret payments/b']);
    expect(report.controls[0].title).toBe('No plaintext secret in Git');
    expect(report.controls[5]).toEqual({ id: 'audit-and-alerting', title: 'Audit and alerting', status: 'user', enforcedBy: [], how: 'none', userJob: 'enable the audit policy' });
  });

  test('refuses a missing control, a duplicate, an enforced control without objects, a partial one without a user job', () => {
    expect(() => complianceReport('P', 'p', [], base.slice(1))).toThrow('P compliance report: controls lacks "no-plaintext-in-git"; a report states every control, "user" where the pattern does nothing for it.');
    expect(() => complianceReport('P', 'p', [], [...base, base[0]])).toThrow('P compliance report: controls "no-plaintext-in-git" is reported twice.');
    expect(() => complianceReport('P', 'p', [], [{ ...base[0], enforcedBy: [] }, ...base.slice(1)])).toThrow('P compliance report: controls["no-plaintext-in-git"] is "enforced" but names no object, or leaves a user job; report it as "partial" or "user".');
    expect(() => complianceReport('P', 'p', [], [...base.slice(0, 4), { ...base[4], userJob: undefined }, base[5]])).toThrow('P compliance report: controls["network-isolation"] is "partial" but says nothing about the user\'s job.');
  });

  test('object references', () => {
    expect(objectRef({ kind: 'Role', metadata: { name: 'r', namespace: 'ns' } })).toBe('Role ns/r');
    expect(objectRef({ kind: 'ClusterSecretStore', metadata: { name: 'vault' } })).toBe('ClusterSecretStore vault');
  });
});
