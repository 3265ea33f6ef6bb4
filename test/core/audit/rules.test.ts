import * as fs from 'fs';
import * as path from 'path';
import { AUDIT_RULES, auditText } from '../../../src/core/audit/audit';

const CASES = path.join(__dirname, '..', '..', 'fixtures', 'audit', 'cases');

function read(id: string, which: 'positive' | 'negative'): string {
  return fs.readFileSync(path.join(CASES, id, `${which}.yaml`), 'utf8');
}

describe('the audit rule set', () => {
  test('ids are stable KSS-<FAMILY>-NNN, unique, and each family has several rules', () => {
    const ids = AUDIT_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of AUDIT_RULES) {
      expect(r.id).toMatch(new RegExp(`^KSS-${r.family}-\\d{3}$`));
      expect(['high', 'medium', 'low']).toContain(r.severity);
      expect(r.title.length).toBeGreaterThan(10);
      expect(r.description.length).toBeGreaterThan(20);
      expect(r.why).toMatch(/https?:\/\/|\.go\b|getsops|sealed-secrets|external-secrets/);
      expect(r.fix.length).toBeGreaterThan(10);
    }
    const families = new Map<string, number>();
    AUDIT_RULES.forEach(r => families.set(r.family, (families.get(r.family) ?? 0) + 1));
    for (const [family, count] of families) {
      expect([family, count >= 2]).toEqual([family, true]);
    }
    expect([...families.keys()].sort()).toEqual(['AUDIT', 'CSI', 'ENC', 'ENV', 'ESO', 'INF', 'NET', 'PLAIN', 'RBAC', 'RELOAD', 'SA', 'SEAL', 'SOPS', 'VAULT']);
  });

  test('every rule has a positive and a negative minimal case, and no others', () => {
    expect(fs.readdirSync(CASES).sort()).toEqual(AUDIT_RULES.map(r => r.id).sort());
  });

  describe.each(AUDIT_RULES.map(r => [r.id]))('%s', id => {
    test('positive case: reported, naming the field, with the rule\'s fix', () => {
      const report = auditText(read(id, 'positive'), `${id}/positive.yaml`);
      const hits = report.findings.filter(f => f.ruleId === id);
      expect(hits.length).toBeGreaterThan(0);
      const rule = AUDIT_RULES.find(r => r.id === id)!;
      for (const f of hits) {
        expect(f.severity).toBe(rule.severity);
        expect(f.fix).toBe(rule.fix);
        expect(f.object.file).toBe(`${id}/positive.yaml`);
        expect(f.object.line).toBeGreaterThanOrEqual(1);
        // The message names the field (its last segment: an annotation key, a rule index, a key).
        const last = /(?:\["([^"]+)"\]|\.?([^.[\]]+)(?:\[\d+\])?)$/.exec(f.field)!;
        expect(f.message).toContain(last[1] ?? last[2]);
      }
    });
    test('negative case: not reported', () => {
      const report = auditText(read(id, 'negative'), `${id}/negative.yaml`);
      expect(report.findings.filter(f => f.ruleId === id)).toEqual([]);
    });
  });
});
