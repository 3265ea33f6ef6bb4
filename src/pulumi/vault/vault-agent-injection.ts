import { ServiceAccountReference, ValidationError, VaultAgentInjectionOptions, VaultAgentInjectionSpec, VaultAnnotations, VaultKubernetesAuthRole, vaultAgentInjection } from '../../core';
import { isDeferred } from '../../core/deferred';
import { q } from '../../core/errors';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { WorkloadArgsLike } from '../workload/consumption';
import { plainWorkload, withAnnotations } from '../workload/workload-args';

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

/**
 * The Vault agent injector configuration of a workload: the Pulumi twin of the cdk8s
 * `VaultAgentInjection`. {@link VaultAgentInjection.applyTo} returns workload args (Deployment,
 * StatefulSet, DaemonSet, Job, CronJob) with the annotations on the pod template, the ServiceAccount and
 * the projected token volume. The operator side ({@link VaultAgentInjection.policyHcl},
 * {@link VaultAgentInjection.authRole}) feeds `@pulumi/vault` directly:
 *
 * ```ts
 * const inj = new VaultAgentInjection({ role: 'payments-api', serviceAccount: sa, namespace: 'payments',
 *   secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] });
 * new vault.Policy('read', { name: inj.policyName, policy: inj.policyHcl });
 * new k8s.apps.v1.Deployment('api', inj.applyTo({ metadata, spec }));
 * ```
 * Set `prePopulateOnly: true` for Jobs (CronJobs get it by default).
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations
 */
export class VaultAgentInjection {
  /** The pod template annotations. */
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
  private readonly args: VaultAgentInjectionArgs;
  private readonly spec: VaultAgentInjectionSpec;

  /**
   * @param args the secrets, the Vault role and the workload's ServiceAccount
   */
  public constructor(args: VaultAgentInjectionArgs) {
    const component = 'VaultAgentInjection';
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
  }

  /**
   * Return workload args with the injector's annotations on the pod template, the ServiceAccount on the
   * pod spec and the projected token volume (mounted by the agent only). The input is not changed.
   */
  public applyTo<T extends WorkloadArgsLike>(args: T): T {
    const component = 'VaultAgentInjection';
    const w = plainWorkload(component, args);
    const current = w.podSpec.serviceAccountName;
    if (current !== undefined && (isDeferred(current) || current !== this.serviceAccountName)) {
      throw new ValidationError(component, `${w.templatePath}.spec.serviceAccountName`, `${isDeferred(current) ? 'is an Output' : q(current)}; it must be ${q(this.serviceAccountName)}, the ServiceAccount the Vault role is bound to (or leave it unset).`);
    }
    if (this.args.runAsSameUser && !(w.podSpec.containers[0]?.securityContext?.runAsUser)) {
      throw new ValidationError(component, `${w.templatePath}.spec.containers[0].securityContext.runAsUser`, 'is not set, but runAsSameUser needs it (the injector copies it to the agent); set a non-root user or use runAsUser.');
    }
    let annotations = this.spec.annotations;
    if (w.isCronJob && this.args.prePopulateOnly === undefined) {
      annotations = { ...annotations, [VaultAnnotations.PRE_POPULATE_ONLY]: 'true' };
    }
    const volumes: any[] = Array.isArray(w.podSpec.volumes) ? w.podSpec.volumes : [];
    const tokenVolume = this.spec.tokenVolume;
    if (tokenVolume && volumes.some(v => v?.name === tokenVolume.name)) {
      throw new ValidationError(component, 'tokenVolume.name', `${q(tokenVolume.name)} is already a volume of the workload; choose another name.`);
    }
    const podSpec = {
      ...w.podSpec,
      serviceAccountName: this.serviceAccountName,
      ...(tokenVolume ? { volumes: [...volumes, tokenVolume] } : {}),
    };
    return w.withTemplate({ ...w.template, metadata: withAnnotations(component, `${w.templatePath}.metadata`, w.template.metadata, annotations), spec: podSpec }) as T;
  }
}
