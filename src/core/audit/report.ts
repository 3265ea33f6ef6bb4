/**
 * Output formats of an audit: grouped text for a terminal, JSON, and SARIF 2.1.0 for code scanning.
 * @module
 */
import { AUDIT_RULES } from './audit';
import { AuditReport, severityAtLeast } from './engine';
import { AUDIT_SEVERITIES, AuditFinding, AuditSeverity, SecretsAuditRule } from './types';

/** `kind ns/name (file:line items[2])` for a finding's object. */
function objectLabel(f: AuditFinding): string {
  const o = f.object;
  const where = [o.file !== undefined ? `${o.file}${o.line !== undefined ? `:${o.line}` : ''}` : undefined, o.location || undefined].filter(x => x !== undefined).join(' ');
  return `${o.kind || '(no kind)'} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '(unnamed)'}${where ? `  (${where})` : ''}`;
}

/** Counts of findings by severity. */
function counts(findings: readonly AuditFinding[]): Record<AuditSeverity, number> {
  const c: Record<AuditSeverity, number> = { high: 0, medium: 0, low: 0 };
  findings.forEach(f => c[f.severity]++);
  return c;
}

/**
 * The report as text for a terminal: findings grouped by object (in input order), each with its
 * severity, rule, message and fix, then a summary line.
 * @internal
 */
export function formatAuditText(report: AuditReport): string {
  const groups = new Map<string, AuditFinding[]>();
  for (const f of report.findings) {
    const key = objectLabel(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines: string[] = [];
  for (const [label, findings] of groups) {
    lines.push(label);
    for (const f of findings) {
      lines.push(`  ${f.severity.toUpperCase().padEnd(6)} ${f.ruleId}  ${f.title}`);
      lines.push(`         ${f.message}`);
      lines.push(`         fix: ${f.fix}`);
    }
    lines.push('');
  }
  const c = counts(report.findings);
  const n = report.findings.length;
  lines.push(`${n} finding${n === 1 ? '' : 's'} (${AUDIT_SEVERITIES.map(s => `${c[s]} ${s}`).join(', ')}) in ${groups.size} of ${report.objectCount} object${report.objectCount === 1 ? '' : 's'}.`);
  return `${lines.join('\n')}\n`;
}

/** GitHub code scanning's security-severity of each level (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#reportingdescriptor-object). */
const SECURITY_SEVERITY: Record<AuditSeverity, string> = { high: '8.0', medium: '5.0', low: '2.0' };
const SARIF_LEVEL: Record<AuditSeverity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };

function sarifRule(r: SecretsAuditRule): Record<string, unknown> {
  return {
    id: r.id,
    name: r.id.replace(/-/g, ''),
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: { text: `${r.why}\n\nFix: ${r.fix}`, markdown: `${r.why}\n\n**Fix:** ${r.fix}` },
    defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
    properties: { 'security-severity': SECURITY_SEVERITY[r.severity], 'tags': ['security', 'kubernetes', 'secrets', r.family.toLowerCase()], 'precision': 'high' },
  };
}

/** A file name as a SARIF artifact URI: forward slashes, relative paths kept relative, percent-encoded. */
function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return slashed.startsWith('/') ? `file://${encodeURI(slashed)}` : encodeURI(slashed);
}

/**
 * The report as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html) that
 * GitHub code scanning accepts: one run, the rules with security-severity, one result per finding with
 * its file and line (`stdin` for standard input) and the object as a logical location.
 * @internal
 */
export function formatAuditSarif(report: AuditReport, toolVersion: string): Record<string, unknown> {
  const used = [...new Set(report.findings.map(f => f.ruleId))];
  const rules = AUDIT_RULES.filter(r => used.includes(r.id));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'kube-secure-secrets',
          semanticVersion: toolVersion,
          informationUri: 'https://github.com/kube-secure-secrets/kube-secure-secrets',
          rules: rules.map(sarifRule),
        },
      },
      results: report.findings.map(f => ({
        ruleId: f.ruleId,
        ruleIndex: rules.findIndex(r => r.id === f.ruleId),
        level: SARIF_LEVEL[f.severity],
        message: { text: `${f.message} Fix: ${f.fix}` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: artifactUri(f.object.file ?? 'stdin') },
            region: { startLine: f.object.line ?? 1 },
          },
          logicalLocations: [{
            name: `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name ?? '(unnamed)'}`,
            fullyQualifiedName: `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name ?? '(unnamed)'}/${f.field}`,
            kind: 'object',
          }],
        }],
        partialFingerprints: {
          'kssFinding/v1': [f.ruleId, f.object.kind, f.object.namespace ?? '', f.object.name ?? '', f.field].join('|'),
        },
      })),
    }],
  };
}

/** The findings at or above a threshold. @internal */
export function findingsAtLeast(report: AuditReport, threshold: AuditSeverity): AuditFinding[] {
  return report.findings.filter(f => severityAtLeast(f.severity, threshold));
}
