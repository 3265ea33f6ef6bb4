import { auditManifests, auditText } from '../../../src/core/audit/audit';

const TOKEN = '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'; // a fake GitHub token (secretlint's test shape)

describe('auditing', () => {
  test('a List is flattened, each item with its own line and location', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata: {name: ok}',
      '- apiVersion: v1',
      '  kind: Secret',
      '  metadata: {name: db, namespace: app}',
      '  stringData: {password: fake-value}',
    ].join('\n');
    const report = auditText(text, 'list.yaml');
    expect(report.objectCount).toBe(2);
    expect(report.findings.map(f => [f.ruleId, f.object.line, f.object.location, f.field])).toEqual([
      ['KSS-PLAIN-001', 7, 'items[1]', 'stringData.password'],
    ]);
  });

  test('a SecretList item without kind takes the kind the list implies', () => {
    const report = auditManifests({ apiVersion: 'v1', kind: 'SecretList', items: [{ metadata: { name: 'x' }, data: { k: 'ZmFrZQ==' } }] });
    expect(report.findings.map(f => [f.ruleId, f.object.kind, f.object.name])).toEqual([['KSS-PLAIN-001', 'Secret', 'x']]);
  });

  test('no finding holds a secret value: not in messages, fields or anywhere in the report', () => {
    const report = auditManifests([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { t: TOKEN } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { password: 'fake-password-123' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { automountServiceAccountToken: false, serviceAccountName: 'p', containers: [{ name: 'c', env: [{ name: 'API_TOKEN', value: TOKEN }] }] } },
    ]);
    expect(report.findings.map(f => f.ruleId).sort()).toEqual(['KSS-PLAIN-001', 'KSS-PLAIN-003', 'KSS-PLAIN-004', 'KSS-PLAIN-005']);
    const text = JSON.stringify(report);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('fake-password-123');
    expect(report.findings.find(f => f.ruleId === 'KSS-PLAIN-003')!.message)
      .toBe('data.t of ConfigMap c holds a credential (GITHUB_TOKEN (secretlint-rule-github)) in a ConfigMap; the value is not shown.');
  });

  test('ignore skips rules', () => {
    const m = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'b' } };
    expect(auditManifests(m, { ignore: ['KSS-PLAIN-001'] }).findings).toEqual([]);
  });

  test('text that is not YAML is refused with the file and line, without echoing it', () => {
    expect(() => auditText('a: [b\nc: "hunter2', 'bad.yaml')).toThrow(/^audit: bad\.yaml is not valid YAML or JSON \(line \d+, column \d+\): [A-Z_]+\.$/);
  });

  test('the ESO checks are the builders\' own (same wording as the ClusterSecretStore refusal)', () => {
    const report = auditManifests({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 's' },
      spec: { conditions: [{ namespaceRegexes: ['payments'] }], provider: {} },
    });
    expect(report.findings.map(f => [f.ruleId, f.field, f.message])).toEqual([[
      'KSS-ESO-003', 'spec.conditions[0].namespaceRegexes[0]',
      'spec.conditions[0].namespaceRegexes[0] of ClusterSecretStore s "payments" is not anchored: ESO matches namespaceRegexes anywhere in the namespace name (Go regexp.MatchString), so it also admits "evil-payments-copy". Write the anchored form "^payments$".',
    ]]);
  });
});
