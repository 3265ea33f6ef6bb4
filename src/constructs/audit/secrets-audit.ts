import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { AuditFinding, AuditSeverity, ValidationError } from '../../core';
import { auditDocuments, checkRuleIds, checkSeverity } from '../../core/audit/audit';
import { findingsAtLeast } from '../../core/audit/report';
import { typeOf } from '../../core/errors';

/** Options of {@link SecretsAudit.of}. */
export interface SecretsAuditOptions {
  /**
   * Fail synthesis on findings at or above this severity.
   * @default "low" (every finding)
   */
  readonly failOn?: AuditSeverity;
  /**
   * Rule ids to skip, e.g. `["KSS-ENV-001"]`.
   * @default - none
   */
  readonly ignore?: string[];
}

const audited = new WeakMap<IConstruct, SecretsAudit>();

/** One line per finding: `[KSS-RBAC-001 high] Role app/reader (path) message Fix: ...`. */
function describe(f: AuditFinding): string {
  const o = f.object;
  return `SecretsAudit: [${f.ruleId} ${f.severity}] ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? '(unnamed)'} (${o.file ?? '?'}): ${f.message} Fix: ${f.fix}`;
}

/**
 * Makes synthesis fail when the objects under a scope (an App or a Chart) break the auditor's rules
 * (`kube-secure-secrets audit`, the same rule set) at or above a severity, naming each finding with the
 * construct path. Objects are audited together, so rules that relate objects (a ClusterRoleBinding and
 * its ClusterRole, a namespace and its NetworkPolicies) see them all.
 *
 * ```ts
 * SecretsAudit.of(app, { failOn: 'medium' });
 * ```
 */
export class SecretsAudit {
  /** Audit every object under `scope`; calling it again on the same scope returns the first audit. */
  public static of(scope: IConstruct, options: SecretsAuditOptions = {}): SecretsAudit {
    const existing = audited.get(scope);
    if (existing) {
      return existing;
    }
    if (typeof options !== 'object' || options === null) {
      throw new ValidationError('SecretsAudit', 'options', `must be an object { failOn?, ignore? }; received ${typeOf(options)}.`);
    }
    const failOn = checkSeverity('SecretsAudit', 'failOn', options.failOn);
    const audit = new SecretsAudit(scope, failOn, checkRuleIds('SecretsAudit', 'ignore', options.ignore));
    audited.set(scope, audit);
    scope.node.addValidation({ validate: () => audit.findings().map(describe) });
    return audit;
  }

  /** The audited scope. */
  public readonly scope: IConstruct;
  /** The threshold. */
  public readonly failOn: AuditSeverity;
  /** The skipped rules. */
  public readonly ignore: string[];

  private constructor(scope: IConstruct, failOn: AuditSeverity, ignore: string[]) {
    this.scope = scope;
    this.failOn = failOn;
    this.ignore = ignore;
  }

  /** The findings at or above the threshold, each with the construct path as its file. */
  public findings(): AuditFinding[] {
    const documents = this.scope.node.findAll().filter(ApiObject.isApiObject).map(c => ({ value: c.toJson() as unknown, file: c.node.path }));
    return findingsAtLeast(auditDocuments(documents, { ignore: this.ignore }), this.failOn);
  }
}
