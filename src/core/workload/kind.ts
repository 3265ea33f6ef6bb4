/**
 * The kind of a workload and what follows from it: whether its pods run to completion. One decision used
 * by every front-end (the Vault agent's sidecar-or-init choice, Reloader's kinds), so that a Job is a Job
 * in cdk8s and in Pulumi alike.
 */
import { ValidationError, q, typeOf } from '../errors';

/** The workload kinds the library wires (apps/v1, batch/v1 and a bare Pod). */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'CronJob' | 'Pod';

/** Every {@link WorkloadKind}. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'];

/** The restart policies under which a pod runs to completion. */
const RUN_TO_COMPLETION_RESTART_POLICIES = ['Never', 'OnFailure'];

/**
 * Whether the pods of a workload run to completion (Jobs, CronJobs, and bare Pods with restartPolicy
 * `Never`/`OnFailure`), so that a sidecar that never exits would keep them from finishing.
 */
export function runsToCompletion(kind: WorkloadKind, restartPolicy?: unknown): boolean {
  if (kind === 'Job' || kind === 'CronJob') {
    return true;
  }
  return kind === 'Pod' && typeof restartPolicy === 'string' && RUN_TO_COMPLETION_RESTART_POLICIES.includes(restartPolicy);
}

/** What the args of a workload tell about its kind (see {@link resolveWorkloadKind}). */
export interface WorkloadKindFacts {
  /**
   * The kind the user named, if any.
   * @default - inferred
   */
  readonly kind?: unknown;
  /** Whether the spec has a `jobTemplate` (only a CronJob has one). */
  readonly hasJobTemplate: boolean;
  /**
   * The pod template's `restartPolicy`.
   * @default - unset (Kubernetes defaults it to Always)
   */
  readonly restartPolicy?: unknown;
}

/**
 * The kind of a workload given as plain args (Pulumi): the named kind, checked against the spec, or the
 * kind the spec implies. A `jobTemplate` means a CronJob. A pod template with restartPolicy `Never` or
 * `OnFailure` means a Job: the API server refuses any other restartPolicy for a Job's template
 * (kubernetes/kubernetes `pkg/apis/batch/validation/validation.go`, `validateJobSpec`: `valid values:
 * "OnFailure", "Never"`, an unset policy included since it defaults to Always) and refuses those two for
 * Deployments, StatefulSets and DaemonSets (`pkg/apis/apps/validation/validation.go` admits only
 * `Always`). Otherwise the workload is long-running, reported as `Deployment`
 * (the library treats Deployments, StatefulSets and DaemonSets alike).
 * @internal
 */
export function resolveWorkloadKind(component: string, prop: string, facts: WorkloadKindFacts): WorkloadKind {
  const restart = facts.restartPolicy;
  const completes = typeof restart === 'string' && RUN_TO_COMPLETION_RESTART_POLICIES.includes(restart);
  if (facts.kind === undefined) {
    if (facts.hasJobTemplate) {
      return 'CronJob';
    }
    return completes ? 'Job' : 'Deployment';
  }
  const kind = facts.kind;
  if (typeof kind !== 'string' || !(WORKLOAD_KINDS as readonly string[]).includes(kind) || kind === 'Pod') {
    throw new ValidationError(component, prop, `${typeof kind === 'string' ? q(kind) : typeOf(kind)} is not a workload kind this helper takes; use one of ${WORKLOAD_KINDS.filter(k => k !== 'Pod').map(k => q(k)).join(', ')}.`);
  }
  const named = kind as WorkloadKind;
  if (facts.hasJobTemplate !== (named === 'CronJob')) {
    throw new ValidationError(component, prop, `${q(named)} does not match the args: ${facts.hasJobTemplate ? 'spec.jobTemplate is set, which only a CronJob has' : 'a CronJob needs spec.jobTemplate'}.`);
  }
  if (named !== 'Job' && named !== 'CronJob' && completes) {
    throw new ValidationError(component, prop, `${q(named)} does not match the args: the pod template's restartPolicy ${q(restart)} is valid only for Jobs (a ${named} restarts its pods Always).`);
  }
  return named;
}
