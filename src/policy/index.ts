/**
 * `kube-secure-secrets/policy`: the secrets auditor as a Pulumi CrossGuard policy pack. Its policies are
 * the auditor's rules (one policy per rule id, the same core checks as the CLI, the cdk8s validation and
 * the jest matcher) over the stack's `kubernetes:*` resources.
 *
 * Importing this module constructs nothing: a `PolicyPack` starts the policy analyzer when constructed,
 * so the pack is built only by {@link secretsAuditPolicyPack}, called from the pack's own program.
 *
 * A policy pack is a directory with `PulumiPolicy.yaml`:
 *
 * ```yaml
 * runtime: nodejs
 * description: kube-secure-secrets secrets audit
 * ```
 *
 * and `index.ts`:
 *
 * ```ts
 * import { secretsAuditPolicyPack } from 'kube-secure-secrets/policy';
 * secretsAuditPolicyPack('kube-secure-secrets', { failOn: 'medium' });
 * ```
 *
 * Run it with `pulumi preview --policy-pack <dir>`.
 * @packageDocumentation
 */
import type { EnforcementLevel, PolicyPack, PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from '@pulumi/policy';
import { AuditReport, AuditSeverity, severityAtLeast } from '../core';
import { AUDIT_RULES, auditDocuments, checkRuleIds, checkSeverity } from '../core/audit/audit';
import { AuditDocument } from '../core/audit/objects';

/** Options of the policy pack. */
export interface SecretsAuditPolicyOptions {
  /**
   * The enforcement level of the policies whose rule is at or above `failOn`.
   * @default "mandatory"
   */
  readonly enforcementLevel?: EnforcementLevel;
  /**
   * Rules below this severity are `advisory` (reported, never blocking).
   * @default "low" (every rule at `enforcementLevel`)
   */
  readonly failOn?: AuditSeverity;
  /**
   * Rule ids left out of the pack.
   * @default - none
   */
  readonly ignore?: readonly string[];
}

/** `kubernetes:<group>/<version>:<Kind>`, e.g. `kubernetes:rbac.authorization.k8s.io/v1:Role`. */
const TYPE = /^kubernetes:([A-Za-z0-9.-]+)\/([A-Za-z0-9]+):([A-Za-z0-9]+)$/;

/**
 * The Kubernetes manifest of a Pulumi resource: its properties with the `apiVersion` and `kind` its type
 * names (`kubernetes:core/v1:Secret` is `v1` `Secret`; a CustomResource carries its own). Patches
 * (`*Patch`), components (Helm, YAML, kustomize) and other providers' resources are not manifests.
 * Useful for your own policies over the same resources.
 */
export function manifestOfResource(resource: Pick<PolicyResource, 'type' | 'props'>): Record<string, unknown> | undefined {
  const props = resource.props ?? {};
  if (resource.type === 'kubernetes:apiextensions.k8s.io:CustomResource') {
    return typeof props.apiVersion === 'string' && typeof props.kind === 'string' ? { ...props } : undefined;
  }
  const m = TYPE.exec(resource.type);
  if (!m || m[3].endsWith('Patch')) {
    return undefined;
  }
  const apiVersion = m[1] === 'core' ? m[2] : `${m[1]}/${m[2]}`;
  return { ...props, apiVersion: typeof props.apiVersion === 'string' ? props.apiVersion : apiVersion, kind: typeof props.kind === 'string' ? props.kind : m[3] };
}

/** The audit of a stack, once per validation (every policy of the pack reads the same resources). */
const audits = new WeakMap<readonly PolicyResource[], AuditReport>();

function auditStack(resources: readonly PolicyResource[], ignore: readonly string[]): AuditReport {
  let report = audits.get(resources);
  if (!report) {
    const documents: AuditDocument[] = resources.flatMap(r => {
      const manifest = manifestOfResource(r);
      return manifest ? [{ value: manifest, file: r.urn }] : [];
    });
    report = auditDocuments(documents, { ignore });
    audits.set(resources, report);
  }
  return report;
}

/**
 * The auditor's rules as CrossGuard stack policies, one per rule (named by its id, e.g. `KSS-RBAC-001`):
 * each reports its findings against the resource's URN, with the message and the fix. Stack policies,
 * because several rules relate resources (a binding and its role, a namespace and its NetworkPolicies).
 */
export function secretsAuditPolicies(options: SecretsAuditPolicyOptions = {}): StackValidationPolicy[] {
  const failOn = checkSeverity('secretsAuditPolicies', 'failOn', options.failOn);
  const ignore = checkRuleIds('secretsAuditPolicies', 'ignore', options.ignore);
  const level = options.enforcementLevel ?? 'mandatory';
  return AUDIT_RULES.filter(r => !ignore.includes(r.id)).map((rule): StackValidationPolicy => ({
    name: rule.id,
    description: `${rule.title}. ${rule.description}`,
    enforcementLevel: severityAtLeast(rule.severity, failOn) ? level : 'advisory',
    validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => {
      for (const f of auditStack(args.resources, ignore).findings) {
        if (f.ruleId === rule.id) {
          reportViolation(`[${f.severity}] ${f.message} Fix: ${f.fix}`, f.object.file);
        }
      }
    },
  }));
}

/**
 * Build the CrossGuard policy pack (this starts the policy analyzer: call it from the pack's program
 * only, see the module documentation).
 */
export function secretsAuditPolicyPack(name = 'kube-secure-secrets', options: SecretsAuditPolicyOptions = {}): PolicyPack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { PolicyPack: Pack } = require('@pulumi/policy') as typeof import('@pulumi/policy');
  return new Pack(name, {
    description: 'kube-secure-secrets: the secrets auditor\'s rules over kubernetes:* resources',
    policies: secretsAuditPolicies(options),
  });
}
