/**
 * The secrets auditor: one rule set over plain manifests, run by the CLI (`audit`), the cdk8s validation
 * (`SecretsAudit.of(app)` and the cdk8s-cli plugin), the CrossGuard policy pack and the jest matcher.
 * @module
 */
import { AuditOptions, AuditReport, runAudit } from './engine';
import { AuditDocument, parseManifestText } from './objects';
import { CLUSTER_RULES } from './rules/cluster';
import { ESO_RULES } from './rules/eso';
import { GITOPS_RULES } from './rules/gitops';
import { NETWORK_RULES } from './rules/network';
import { PLAINTEXT_RULES } from './rules/plaintext';
import { RBAC_RULES } from './rules/rbac';
import { WORKLOAD_RULES } from './rules/workload';
import { SecretsAuditRule } from './types';

/** Every rule of the auditor, by family, ids stable (`KSS-<FAMILY>-NNN`). */
export const AUDIT_RULES: readonly SecretsAuditRule[] = [
  ...PLAINTEXT_RULES,
  ...RBAC_RULES,
  ...WORKLOAD_RULES,
  ...ESO_RULES,
  ...GITOPS_RULES,
  ...NETWORK_RULES,
  ...CLUSTER_RULES,
];

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
