/**
 * The secrets auditor: one rule set over plain manifests, run by the CLI (`audit`), the cdk8s validation
 * (`SecretsAudit.of(app)` and the cdk8s-cli plugin), the CrossGuard policy pack and the jest matcher.
 * @module
 */
import { AuditOptions, AuditReport, runAudit } from './engine';
import { ValidationError, q, typeOf } from '../errors';
import { AuditDocument, parseManifestText } from './objects';
import { CLUSTER_RULES } from './rules/cluster';
import { ESO_RULES } from './rules/eso';
import { GITOPS_RULES } from './rules/gitops';
import { NETWORK_RULES } from './rules/network';
import { PLAINTEXT_RULES } from './rules/plaintext';
import { RBAC_RULES } from './rules/rbac';
import { RELOADER_RULES } from './rules/reloader';
import { WORKLOAD_RULES } from './rules/workload';
import { AUDIT_SEVERITIES, AuditSeverity, SecretsAuditRule } from './types';

/** Every rule of the auditor, by family, ids stable (`KSS-<FAMILY>-NNN`). */
export const AUDIT_RULES: readonly SecretsAuditRule[] = [
  ...PLAINTEXT_RULES,
  ...RBAC_RULES,
  ...WORKLOAD_RULES,
  ...ESO_RULES,
  ...GITOPS_RULES,
  ...NETWORK_RULES,
  ...CLUSTER_RULES,
  ...RELOADER_RULES,
];

/**
 * Check a list of rule ids (an `ignore` option): a list of strings, each the id of a rule.
 * @internal
 */
export function checkRuleIds(component: string, prop: string, ids: unknown): string[] {
  if (ids === undefined) {
    return [];
  }
  if (!Array.isArray(ids) || ids.some(id => typeof id !== 'string')) {
    throw new ValidationError(component, prop, `must be a list of rule ids, e.g. ["KSS-ENV-001"]; received ${typeOf(ids)}.`);
  }
  const unknown = ids.find(id => !AUDIT_RULES.some(r => r.id === id));
  if (unknown !== undefined) {
    throw new ValidationError(component, prop, `${/^[A-Za-z0-9-]{1,40}$/.test(unknown) ? q(unknown) : '(not echoed)'} is not a rule id; the rules are KSS-<FAMILY>-NNN (AUDIT_RULES), e.g. "KSS-ENV-001".`);
  }
  return [...ids];
}

/**
 * Check a severity threshold (a `failOn` option); undefined is `low` (every finding).
 * @internal
 */
export function checkSeverity(component: string, prop: string, value: unknown): AuditSeverity {
  if (value === undefined) {
    return 'low';
  }
  if (!AUDIT_SEVERITIES.includes(value as AuditSeverity)) {
    throw new ValidationError(component, prop, `${q(value)} is not a severity; use "high", "medium" or "low".`);
  }
  return value as AuditSeverity;
}

/** The rule with an id, if any. */
export function auditRule(id: string): SecretsAuditRule | undefined {
  return AUDIT_RULES.find(r => r.id === id);
}

/**
 * Audit manifests: one object (a manifest or a `List`) or an array of them, as plain values
 * (`app.synthYaml()` parsed, `chart.toJson()`, Pulumi resource inputs). Returns every finding of
 * {@link AUDIT_RULES} (or `options.rules`) except the ignored rules; findings never hold a secret value.
 */
export function auditManifests(manifests: unknown, options: AuditOptions = {}): AuditReport {
  const values = Array.isArray(manifests) ? manifests : [manifests];
  return auditDocuments(values.map(value => ({ value })), options);
}

/**
 * Audit documents that carry where they were read from (file, line). See {@link auditManifests}.
 * @internal
 */
export function auditDocuments(documents: readonly AuditDocument[], options: AuditOptions = {}): AuditReport {
  return runAudit(documents, options.rules ?? AUDIT_RULES, options.ignore ?? []);
}

/**
 * Audit YAML (one or more documents) or JSON text; findings carry `file` and the line of each object.
 * Text that is not YAML or JSON is a ValidationError naming the file and line.
 */
export function auditText(text: string, file?: string, options: AuditOptions = {}): AuditReport {
  return auditDocuments(parseManifestText(text, file), options);
}
