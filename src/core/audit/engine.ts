/**
 * The audit engine: runs the rules over flattened objects and turns their hits into findings.
 * @module
 */
import { redactSecrets } from '../errors';
import { scanCredentials } from './credentials';
import { AuditDocument, flattenDocuments } from './objects';
import { AUDIT_SEVERITIES, AuditContext, AuditFinding, AuditObject, SecretsAuditRule, AuditSeverity, CredentialHit } from './types';
import { annotationsOf, containersOf, isObj, join, list, obj, podTemplateOf } from './util';

/**
 * The annotation kubectl apply keeps the last applied object in (a Secret's values included).
 * @internal
 */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** A string value the credential rules scan, with the object and field it sits in. */
interface Candidate {
  readonly object: AuditObject;
  readonly field: string;
  readonly value: string;
}

/** The string values scanned for credentials: ConfigMap data, env literals, args, templates, annotations. */
function candidates(objects: readonly AuditObject[]): Candidate[] {
  const out: Candidate[] = [];
  const add = (object: AuditObject, field: string, value: unknown): void => {
    if (typeof value === 'string' && value !== '') {
      out.push({ object, field, value });
    }
  };
  for (const o of objects) {
    for (const [k, v] of Object.entries(annotationsOf(o))) {
      if (k !== LAST_APPLIED_ANNOTATION) {
        add(o, join('metadata.annotations', k), v);
      }
    }
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(obj(o.manifest.data))) {
        add(o, join('data', k), v);
      }
    }
    if (o.kind === 'ExternalSecret' || o.kind === 'ClusterExternalSecret') {
      const spec = obj(o.manifest.spec);
      const base = o.kind === 'ClusterExternalSecret' ? 'spec.externalSecretSpec' : 'spec';
      const esSpec = o.kind === 'ClusterExternalSecret' ? obj(spec.externalSecretSpec) : spec;
      for (const [k, v] of Object.entries(obj(obj(obj(esSpec.target).template).data))) {
        add(o, join(`${base}.target.template.data`, k), v);
      }
    }
    const pod = podTemplateOf(o);
    if (pod) {
      for (const { container, path } of containersOf(pod.spec, pod.specPath)) {
        list(container.env).forEach((e, i) => {
          if (isObj(e)) {
            add(o, `${path}.env[${i}].value`, e.value);
          }
        });
        for (const field of ['command', 'args']) {
          const values = container[field];
          if (Array.isArray(values)) {
            values.forEach((v, i) => add(o, `${path}.${field}[${i}]`, v));
          }
        }
      }
    }
  }
  return out;
}

/** Options of an audit. */
export interface AuditOptions {
  /**
   * Rule ids to skip.
   * @default - none
   */
  readonly ignore?: readonly string[];
  /**
   * The rules to run.
   * @default - every rule of the library (AUDIT_RULES)
   */
  readonly rules?: readonly SecretsAuditRule[];
}

/** The result of an audit. */
export interface AuditReport {
  /** How many objects were read (lists flattened). */
  readonly objectCount: number;
  /** The findings, sorted by file, line, object and rule. */
  readonly findings: AuditFinding[];
}

/** Whether a severity is at or above a threshold. */
export function severityAtLeast(severity: AuditSeverity, threshold: AuditSeverity): boolean {
  return AUDIT_SEVERITIES.indexOf(severity) <= AUDIT_SEVERITIES.indexOf(threshold);
}

/**
 * Run rules over documents. Used by {@link auditManifests}; the rule set is passed in to keep this module
 * free of the rules' imports.
 * @internal
 */
export function runAudit(documents: readonly AuditDocument[], rules: readonly SecretsAuditRule[], ignore: readonly string[] = []): AuditReport {
  const objects = flattenDocuments(documents);
  const byKind = new Map<string, AuditObject[]>();
  for (const o of objects) {
    const l = byKind.get(o.kind) ?? [];
    l.push(o);
    byKind.set(o.kind, l);
  }
  let credentialMap: Map<AuditObject, Map<string, readonly CredentialHit[]>> | undefined;
  const context: AuditContext = {
    objects,
    ofKind: (...kinds) => kinds.flatMap(k => byKind.get(k) ?? []),
    credentials: () => {
      if (!credentialMap) {
        const found = candidates(objects);
        const hits = scanCredentials(found.map(c => c.value));
        credentialMap = new Map();
        for (const [i, h] of hits) {
          const c = found[i];
          const perObject = credentialMap.get(c.object) ?? new Map<string, readonly CredentialHit[]>();
          perObject.set(c.field, h);
          credentialMap.set(c.object, perObject);
        }
      }
      return credentialMap;
    },
  };
  const skip = new Set(ignore);
  const order = new Map(objects.map((o, i) => [o, i]));
  const findings: Array<AuditFinding & { order: number }> = [];
  for (const rule of rules) {
    if (skip.has(rule.id)) {
      continue;
    }
    for (const hit of rule.check(context)) {
      const o = hit.object;
      findings.push({
        ruleId: rule.id,
        severity: rule.severity,
        title: rule.title,
        object: {
          kind: o.kind,
          apiVersion: o.apiVersion,
          ...(o.name !== undefined ? { name: o.name } : {}),
          ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
          ...(o.source.file !== undefined ? { file: o.source.file } : {}),
          ...(o.source.line !== undefined ? { line: o.source.line } : {}),
          ...(o.source.location ? { location: o.source.location } : {}),
        },
        field: redactSecrets(hit.field),
        message: redactSecrets(hit.message),
        fix: rule.fix,
        order: order.get(o) ?? 0,
      });
    }
  }
  findings.sort((a, b) => a.order - b.order || a.ruleId.localeCompare(b.ruleId) || a.field.localeCompare(b.field));
  return { objectCount: objects.length, findings: findings.map(({ order: _order, ...f }) => f) };
}
