/**
 * The compliance report every pattern produces: which security controls it enforces, by which objects,
 * and which controls remain the user's job. Machine-readable (JSON), the same in both front-ends.
 */
import { ValidationError, q } from '../errors';

/** The controls a pattern reports on. */
export type ComplianceControlId =
  | 'no-plaintext-in-git'
  | 'no-static-cloud-keys'
  | 'least-privilege-rbac'
  | 'rotation-reaches-pods'
  | 'network-isolation'
  | 'audit-and-alerting';

/** How far a pattern enforces a control. */
export type ComplianceStatus =
  /** The pattern's objects enforce it entirely. */
  | 'enforced'
  /** The pattern's objects enforce part of it; `userJob` says what is left. */
  | 'partial'
  /** Nothing the pattern writes enforces it; `userJob` says what to do. */
  | 'user';

/** What every control means, in the report and the README. */
export const COMPLIANCE_CONTROLS: Readonly<Record<ComplianceControlId, { readonly title: string; readonly description: string }>> = {
  'no-plaintext-in-git': {
    title: 'No plaintext secret in Git',
    description: 'What is committed holds no secret value: references (ExternalSecret, Vault paths) or ciphertext (SealedSecret, SOPS) only.',
  },
  'no-static-cloud-keys': {
    title: 'No static cloud keys',
    description: 'Controllers and workloads authenticate with workload identity (IRSA, Pod Identity, GKE/AKS workload identity, Kubernetes auth), never with long-lived keys in Secrets.',
  },
  'least-privilege-rbac': {
    title: 'Least-privilege RBAC',
    description: 'Each ServiceAccount may get exactly the named Secrets (no list, watch or wildcard); token automount is off.',
  },
  'rotation-reaches-pods': {
    title: 'Rotation reaches running pods',
    description: 'Values are re-read on a schedule and every consuming workload is restarted (Reloader) or re-rendered (Vault agent) when they change.',
  },
  'network-isolation': {
    title: 'Network isolation',
    description: 'Default-deny ingress and egress in every namespace the pattern touches, with only the traffic the secrets path needs allowed.',
  },
  'audit-and-alerting': {
    title: 'Audit and alerting',
    description: 'Secret access is audited (API-server audit policy at Metadata, Vault audit device) and alerted on (PrometheusRule).',
  },
};

/** One control of a {@link ComplianceReport}. */
export interface ComplianceControl {
  /** The control. */
  readonly id: ComplianceControlId;
  /** Its title (from {@link COMPLIANCE_CONTROLS}). */
  readonly title: string;
  /** How far the pattern enforces it. */
  readonly status: ComplianceStatus;
  /** The objects that enforce it, as `Kind namespace/name` (or `Kind name` when cluster-scoped), sorted. */
  readonly enforcedBy: string[];
  /** How the objects enforce it, in a sentence. */
  readonly how: string;
  /**
   * What the user must still do (with `partial` and `user`).
   * @default - nothing (status `enforced`)
   */
  readonly userJob?: string;
}

/** The machine-readable compliance report of a pattern. */
export interface ComplianceReport {
  /** The report format version. */
  readonly schemaVersion: 1;
  /** The pattern, e.g. `CloudNativeSecrets`. */
  readonly pattern: string;
  /** The pattern instance's name (the construct id or Pulumi resource name). */
  readonly name: string;
  /** The upstream controllers the output assumes are installed, with the versions it was checked against. */
  readonly assumes: string[];
  /** Every control, in the order of {@link COMPLIANCE_CONTROLS}. */
  readonly controls: ComplianceControl[];
}

/** A control as a pattern's plan states it (the title is filled in). */
export interface ComplianceControlInput {
  /** The control. */
  readonly id: ComplianceControlId;
  /** How far the pattern enforces it. */
  readonly status: ComplianceStatus;
  /** The objects that enforce it, as `Kind namespace/name`. */
  readonly enforcedBy: readonly string[];
  /** How, in a sentence. */
  readonly how: string;
  /**
   * What is left to the user.
   * @default - nothing
   */
  readonly userJob?: string;
}

/**
 * The reference of an object in a report: `Kind namespace/name`, or `Kind name` for a cluster-scoped one.
 * @internal
 */
export function objectRef(manifest: { readonly kind: string; readonly metadata: { readonly name: string; readonly namespace?: string } }): string {
  const { kind, metadata } = manifest;
  return metadata.namespace === undefined ? `${kind} ${metadata.name}` : `${kind} ${metadata.namespace}/${metadata.name}`;
}

/**
 * Build a compliance report: every control exactly once, in the canonical order, with sorted and
 * de-duplicated object references; `enforced` needs at least one object and no user job, `partial` and
 * `user` need a user job.
 */
export function complianceReport(
  pattern: string, name: string, assumes: readonly string[], controls: readonly ComplianceControlInput[],
): ComplianceReport {
  const component = `${pattern} compliance report`;
  const byId = new Map<ComplianceControlId, ComplianceControlInput>();
  for (const control of controls) {
    if (!(control.id in COMPLIANCE_CONTROLS)) {
      throw new ValidationError(component, 'controls', `${q(control.id)} is not a control; use one of ${Object.keys(COMPLIANCE_CONTROLS).map(id => q(id)).join(', ')}.`);
    }
    if (byId.has(control.id)) {
      throw new ValidationError(component, 'controls', `${q(control.id)} is reported twice.`);
    }
    if (control.status === 'enforced' && (control.enforcedBy.length === 0 || control.userJob !== undefined)) {
      throw new ValidationError(component, `controls[${q(control.id)}]`, 'is "enforced" but names no object, or leaves a user job; report it as "partial" or "user".');
    }
    if (control.status !== 'enforced' && (control.userJob === undefined || control.userJob.trim() === '')) {
      throw new ValidationError(component, `controls[${q(control.id)}]`, `is ${q(control.status)} but says nothing about the user's job.`);
    }
    byId.set(control.id, control);
  }
  const ids = Object.keys(COMPLIANCE_CONTROLS) as ComplianceControlId[];
  const missing = ids.filter(id => !byId.has(id));
  if (missing.length > 0) {
    throw new ValidationError(component, 'controls', `lacks ${missing.map(id => q(id)).join(', ')}; a report states every control, "user" where the pattern does nothing for it.`);
  }
  return {
    schemaVersion: 1,
    pattern,
    name,
    assumes: [...assumes],
    controls: ids.map(id => {
      const c = byId.get(id)!;
      return {
        id,
        title: COMPLIANCE_CONTROLS[id].title,
        status: c.status,
        enforcedBy: [...new Set(c.enforcedBy)].sort(),
        how: c.how,
        ...(c.userJob !== undefined ? { userJob: c.userJob } : {}),
      };
    }),
  };
}
