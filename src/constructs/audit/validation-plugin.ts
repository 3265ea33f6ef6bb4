/**
 * The auditor as a cdk8s-cli validation plugin (`validations:` in cdk8s.yaml). The contract is the one
 * cdk8s-cli loads (cdk8s-team/cdk8s-cli `src/plugins/validation.ts`, `Validation`, `ValidationContext`,
 * `ValidationReport`; `src/plugins/_manager.ts` instantiates the exported class with the entry's
 * `properties`): the types are declared here structurally, as cdk8s-cli intends, so that the plugin does
 * not import the CLI at run time.
 * @module
 */
import * as fs from 'fs';
import { AuditSeverity } from '../../core';
import { AUDIT_RULES, auditDocuments, checkRuleIds, checkSeverity } from '../../core/audit/audit';
import { AuditDocument, parseManifestText } from '../../core/audit/objects';
import { findingsAtLeast } from '../../core/audit/report';

/** A resource violating a rule (cdk8s-cli `ValidationViolatingResource`). */
export interface AuditPluginViolatingResource {
  /** The resource name. */
  readonly resourceName: string;
  /** The locations in its config that pose the violation. */
  readonly locations: string[];
  /** The manifest this resource is defined in. */
  readonly manifestPath: string;
}

/** A violation (cdk8s-cli `ValidationViolation`). */
export interface AuditPluginViolation {
  /** The name of the rule. */
  readonly ruleName: string;
  /** The recommendation to resolve the violation. */
  readonly recommendation: string;
  /** How to fix it. */
  readonly fix: string;
  /** The resources violating this rule. */
  readonly violatingResources: AuditPluginViolatingResource[];
}

/** The part of cdk8s-cli's `ValidationReport` the plugin uses. */
export interface AuditPluginReport {
  /** Add a violation. */
  addViolation(violation: AuditPluginViolation): void;
  /** Submit the report. */
  submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
}

/** The part of cdk8s-cli's `ValidationContext` the plugin uses. */
export interface AuditPluginContext {
  /** The synthesized manifest files. */
  readonly manifests: readonly string[];
  /** The report to fill. */
  readonly report: AuditPluginReport;
}

/** The `properties` of the plugin's entry in cdk8s.yaml. */
export interface SecretsAuditValidationProps {
  /**
   * Fail on findings at or above this severity.
   * @default "low"
   */
  readonly failOn?: AuditSeverity;
  /**
   * Rule ids to skip.
   * @default - none
   */
  readonly ignore?: string[];
}

/**
 * The secrets auditor as a `cdk8s synth` validation plugin. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: kube-secure-secrets       # or a local path, e.g. ./node_modules/kube-secure-secrets
 *     version: 1.2.3                     # pinned: cdk8s-cli refuses ranges
 *     class: SecretsAuditValidation
 *     properties: { failOn: medium, ignore: [KSS-ENV-001] }
 * ```
 *
 * One violation per rule, one violating resource per object and the fields as locations; the report fails
 * when a finding is at or above `failOn`.
 */
export class SecretsAuditValidation {
  private readonly props: SecretsAuditValidationProps;

  /** @param props the entry's properties */
  public constructor(props: SecretsAuditValidationProps = {}) {
    this.props = props ?? {};
  }

  /** Run the audit over the synthesized manifests and fill the report. */
  public async validate(context: AuditPluginContext): Promise<void> {
    const documents: AuditDocument[] = context.manifests.flatMap(file => parseManifestText(fs.readFileSync(file, 'utf8'), file));
    const report = auditDocuments(documents, { ignore: checkRuleIds('SecretsAuditValidation', 'ignore', this.props.ignore) });
    const failing = findingsAtLeast(report, checkSeverity('SecretsAuditValidation', 'failOn', this.props.failOn));
    for (const rule of AUDIT_RULES) {
      const findings = failing.filter(f => f.ruleId === rule.id);
      if (findings.length === 0) {
        continue;
      }
      const byObject = new Map<string, AuditPluginViolatingResource>();
      for (const f of findings) {
        const key = `${f.object.file}\0${f.object.line}\0${f.object.location ?? ''}`;
        const existing = byObject.get(key);
        const locations = [...(existing?.locations ?? []), `${f.field}: ${f.message}`];
        byObject.set(key, { resourceName: f.object.name ?? '(unnamed)', locations, manifestPath: f.object.file ?? '' });
      }
      context.report.addViolation({
        ruleName: `${rule.id} (${rule.severity}): ${rule.title}`,
        recommendation: rule.why,
        fix: rule.fix,
        violatingResources: [...byObject.values()],
      });
    }
    context.report.submit(failing.length > 0 ? 'failure' : 'success', { objects: String(report.objectCount), findings: String(failing.length) });
  }
}
