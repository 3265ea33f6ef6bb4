import {
  ServiceAccountReference, ValidationError, VaultAgentInjectionOptions, VaultAgentInjectionSpec, VaultAgentPodPlan, VaultClientSelector,
  VaultKubernetesAuthRole, WorkloadKind, vaultAgentInjection, vaultAgentPodPlan,
} from '../../core';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { checkObject } from '../../core/validate/values';
import { vaultServiceAccountOfPod } from '../../core/vault/agent';
import { resolveWorkloadKind } from '../../core/workload/kind';
import { WorkloadArgsLike } from '../workload/consumption';
import { plainWorkload, podUsersOfSpec, withAnnotations } from '../workload/workload-args';

/** Arguments of {@link VaultAgentInjection} (Pulumi). */
export interface VaultAgentInjectionArgs extends Omit<VaultAgentInjectionOptions, 'serviceAccountName' | 'namespace'> {
  /** The ServiceAccount the pods run as (set on the pod spec when it names none). */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * The workload's namespace (bound in the Vault role).
   * @default - the ServiceAccount reference's namespace (one of them must be known)
   */
  readonly namespace?: string;
}

/** Options of {@link VaultAgentInjection.applyTo}. */
export interface VaultApplyOptions {
  /**
   * The kind of the workload the args are for. Jobs and CronJobs get the agent as an init container only
   * (a sidecar never exits, so they would never complete).
   * @default - inferred: `CronJob` when the spec has a `jobTemplate`, `Job` when the pod template's
   * restartPolicy is `Never` or `OnFailure` (the only values the API server accepts for a Job), else a
   * long-running workload (Deployment, StatefulSet, DaemonSet)
   */
  readonly kind?: WorkloadKind;
}

/**
 * The Vault agent injector configuration of a workload: the Pulumi twin of the cdk8s
 * `VaultAgentInjection`, deciding through the same core functions. {@link VaultAgentInjection.applyTo}
 * returns workload args (Deployment, StatefulSet, DaemonSet, Job, CronJob) with the annotations and the
 * Vault client label on the pod template, the ServiceAccount and the projected token volume; the file
 * modes, the agent's user and group and, for Jobs and CronJobs, `agent-pre-populate-only` are decided
 * from the args. The operator side ({@link VaultAgentInjection.policyHcl},
 * {@link VaultAgentInjection.authRole}) feeds `@pulumi/vault` directly:
 *
 * ```ts
 * const inj = new VaultAgentInjection({ role: 'payments-api', serviceAccount: sa, namespace: 'payments',
 *   secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] });
 * new vault.Policy('read', { name: inj.policyName, policy: inj.policyHcl });
 * new k8s.apps.v1.Deployment('api', inj.applyTo({ metadata, spec }));
 * new k8s.batch.v1.Job('migrate', inj.applyTo({ metadata, spec: jobSpec }, { kind: 'Job' }));
 * ```
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations
 */
export class VaultAgentInjection {
  /**
   * The pod template annotations known without the workload; {@link VaultAgentInjection.applyTo} adds the
   * ones decided from it (file modes, agent user/group, pre-populate-only).
   */
  public readonly annotations: Record<string, string>;
  /** The Vault policy name. */
  public readonly policyName: string;
  /** The Vault policy (HCL): `read` on exactly the secrets' paths. */
  public readonly policyHcl: string;
  /** The Kubernetes auth role bound to exactly this ServiceAccount and namespace. */
  public readonly authRole: VaultKubernetesAuthRole;
  /** The `vault policy write` and `vault write auth/.../role/...` commands (no secret values). */
  public readonly vaultCommands: string[];
  /** The ServiceAccount the pods run as. */
  public readonly serviceAccountName: string;
  /** The injected pods as a Vault client: give it to `VaultAccessPolicy({ clients })`. */
  public readonly vaultClient: VaultClientSelector;
  private readonly args: VaultAgentInjectionArgs;
  private readonly spec: VaultAgentInjectionSpec;

  /**
   * @param args the secrets, the Vault role and the workload's ServiceAccount
   */
  public constructor(args: VaultAgentInjectionArgs) {
    const component = 'VaultAgentInjection';
    checkObject(component, 'args', args, 'an object with at least role, serviceAccount and secrets');
    const sa = resolveServiceAccount(component, 'serviceAccount', args.serviceAccount);
    if (!sa) {
      throw new ValidationError(component, 'serviceAccount', 'is required: the Vault role is bound to the workload\'s own ServiceAccount.');
    }
    const namespace = args.namespace ?? sa.namespace;
    if (namespace === undefined) {
      throw new ValidationError(component, 'namespace', 'is not set and the ServiceAccount reference has none; set namespace to the workload\'s namespace.');
    }
    this.args = args;
    this.spec = vaultAgentInjection({ ...args, serviceAccountName: sa.name, namespace }, component);
    this.annotations = this.spec.annotations;
    this.policyName = this.spec.policyName;
    this.policyHcl = this.spec.policyHcl;
    this.authRole = this.spec.authRole;
    this.vaultCommands = this.spec.vaultCommands;
    this.serviceAccountName = sa.name;
    this.vaultClient = this.spec.vaultClient;
  }

  /**
   * The decisions for one workload's args (what {@link VaultAgentInjection.applyTo} writes), without
   * changing them.
   */
  public planFor(args: WorkloadArgsLike, options: VaultApplyOptions = {}): VaultAgentPodPlan {
    return this.prepare(args, options).plan;
  }

  /**
   * Return workload args with the injector's annotations and the Vault client label on the pod template,
   * the ServiceAccount on the pod spec and the projected token volume (mounted by the agent only). The
   * input is not changed.
   */
  public applyTo<T extends WorkloadArgsLike>(args: T, options: VaultApplyOptions = {}): T {
    const component = 'VaultAgentInjection';
    const { w, plan } = this.prepare(args, options);
    const volumes: unknown[] = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
    const podSpec = {
      ...w.podSpec,
      serviceAccountName: this.serviceAccountName,
      ...(plan.tokenVolume ? { volumes: [...volumes, plan.tokenVolume] } : {}),
    };
    const withLabels = { ...withAnnotations(component, `${w.templatePath}.metadata`, w.template.metadata, plan.annotations) };
    const labels = withLabels.labels === undefined ? {} : checkObject(component, `${w.templatePath}.metadata.labels`, withLabels.labels, 'a map of labels');
    const metadata = { ...withLabels, labels: { ...labels, ...plan.podLabels } };
    return w.withTemplate({ ...w.template, metadata, spec: podSpec }) as T;
  }

  private prepare(args: WorkloadArgsLike, options: VaultApplyOptions) {
    const component = 'VaultAgentInjection';
    checkObject(component, 'options', options, 'an object, e.g. { kind: "Job" }');
    const w = plainWorkload(component, args);
    vaultServiceAccountOfPod(component, this.serviceAccountName, w.podSpec.serviceAccountName, `${w.templatePath}.spec.serviceAccountName`);
    const kind = resolveWorkloadKind(component, 'kind', { kind: options.kind, hasJobTemplate: w.isCronJob, restartPolicy: w.podSpec.restartPolicy });
    const volumes: unknown[] = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
    const plan = vaultAgentPodPlan(this.args, this.spec, {
      kind,
      restartPolicy: w.podSpec.restartPolicy,
      users: podUsersOfSpec(w.podSpec),
      volumeNames: volumes.map(v => (typeof v === 'object' && v !== null ? (v as { name?: unknown }).name : undefined)),
    }, component);
    return { w, plan };
  }
}
