import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ServiceAccountReference, ValidationError, VaultAgentInjectionOptions, VaultAgentInjectionSpec, VaultKubernetesAuthRole, vaultAgentInjection } from '../../core';
import { q } from '../../core/errors';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { resolveNamespace } from '../util';

/** Props of {@link VaultAgentInjection}. */
export interface VaultAgentInjectionProps extends Omit<VaultAgentInjectionOptions, 'serviceAccountName' | 'namespace'> {
  /** The workload to inject the agent into. */
  readonly workload: kplus.AbstractPod;
  /**
   * The ServiceAccount the Vault role is bound to; set on the workload when it has none.
   * @default - the workload's ServiceAccount (one must be set)
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * The workload's namespace (bound in the Vault role).
   * @default - the workload's namespace, else the chart's
   */
  readonly namespace?: string;
}

type VolumeConstructor = new (scope: Construct, id: string, name: string, config: Record<string, unknown>) => kplus.Volume;

/**
 * Inject the HashiCorp Vault agent into a cdk8s-plus workload: the pod template gets the injector's
 * annotations (`vault.hashicorp.com/agent-inject: "true"`, `role`, one `agent-inject-secret-<name>` per
 * secret, templates, file modes; `agent-pre-populate-only` for Jobs and CronJobs), the workload its
 * ServiceAccount, and the pod a projected ServiceAccount token (audience `vault`) that only the agent
 * mounts. The secrets appear as files under `/vault/secrets/<name>`.
 *
 * The operator side comes with it: {@link VaultAgentInjection.policyHcl} grants only `read` on exactly
 * these paths, {@link VaultAgentInjection.authRole} binds the role to exactly this ServiceAccount and
 * namespace, and {@link VaultAgentInjection.vaultCommands} are the `vault` commands that create both.
 *
 * ```ts
 * const vault = new VaultAgentInjection(chart, 'vault', { workload: api, role: 'payments-api',
 *   secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] });
 * fs.writeFileSync('payments-api-read.hcl', vault.policyHcl);
 * ```
 * @see https://developer.hashicorp.com/vault/docs/platform/k8s/injector/annotations
 */
export class VaultAgentInjection extends Construct {
  /** The pod template annotations added. */
  public readonly annotations: Record<string, string>;
  /** The Vault policy name. */
  public readonly policyName: string;
  /** The Vault policy (HCL): `read` on exactly the secrets' paths. */
  public readonly policyHcl: string;
  /** The Kubernetes auth role bound to exactly this workload's ServiceAccount and namespace. */
  public readonly authRole: VaultKubernetesAuthRole;
  /** The `vault policy write` and `vault write auth/.../role/...` commands (no secret values). */
  public readonly vaultCommands: string[];
  /** The ServiceAccount the workload runs as. */
  public readonly serviceAccountName: string;

  public constructor(scope: Construct, id: string, props: VaultAgentInjectionProps) {
    super(scope, id);
    const component = 'VaultAgentInjection';
    const workload = props.workload;
    if (!(workload instanceof kplus.AbstractPod)) {
      throw new ValidationError(component, 'workload', 'must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod).');
    }
    const given = resolveServiceAccount(component, 'serviceAccount', props.serviceAccount);
    const current = workload.serviceAccount?.name;
    if (given && current !== undefined && given.name !== current) {
      throw new ValidationError(component, 'serviceAccount', `${q(given.name)} differs from the workload's ServiceAccount ${q(current)}; the Vault role must be bound to the account the pods run as.`);
    }
    const serviceAccountName = given?.name ?? current;
    if (serviceAccountName === undefined) {
      throw new ValidationError(component, 'serviceAccount', 'is not set and the workload has no ServiceAccount; give the workload its own ServiceAccount (SecureServiceAccount) so the Vault role is bound to it alone.');
    }
    const namespace = resolveNamespace(component, this, props.namespace ?? given?.namespace ?? workload.metadata.namespace);
    if (props.runAsSameUser && !(workload.containers[0]?.securityContext.user ?? 0)) {
      throw new ValidationError(component, 'runAsSameUser', 'needs the first container to set a non-root securityContext user (the injector copies it to the agent); set it or use runAsUser.');
    }
    const isJob = workload instanceof kplus.Job || workload instanceof kplus.CronJob;
    const spec: VaultAgentInjectionSpec = vaultAgentInjection({
      ...props,
      serviceAccountName,
      namespace,
      prePopulateOnly: props.prePopulateOnly ?? isJob,
    }, component);

    if (current === undefined) {
      const sa = props.serviceAccount !== undefined && typeof props.serviceAccount === 'object' && 'toSubjectConfiguration' in props.serviceAccount
        && 'name' in props.serviceAccount && 'apiVersion' in props.serviceAccount
        ? props.serviceAccount as unknown as kplus.IServiceAccount
        : kplus.ServiceAccount.fromServiceAccountName(this, 'ServiceAccount', serviceAccountName);
      // cdk8s-plus only takes the ServiceAccount in the workload's constructor; the field is a plain
      // property read at synth (`_toPodSpec`), so it can be set here. Covered by the tests.
      (workload as { serviceAccount?: kplus.IServiceAccount }).serviceAccount = sa;
    }
    for (const [key, value] of Object.entries(spec.annotations)) {
      workload.podMetadata.addAnnotation(key, value);
    }
    if (spec.tokenVolume) {
      if (workload.volumes.some(v => v.name === spec.tokenVolume!.name)) {
        throw new ValidationError(component, 'tokenVolume.name', `${q(spec.tokenVolume.name)} is already a volume of the workload; choose another name.`);
      }
      // cdk8s-plus has no factory for projected ServiceAccount-token volumes; its Volume constructor is
      // private in the typings but takes (scope, id, name, config) like every factory. Covered by the tests.
      const { name, ...config } = spec.tokenVolume;
      workload.addVolume(new (kplus.Volume as unknown as VolumeConstructor)(this, 'TokenVolume', name, config));
    }
    this.annotations = spec.annotations;
    this.policyName = spec.policyName;
    this.policyHcl = spec.policyHcl;
    this.authRole = spec.authRole;
    this.vaultCommands = spec.vaultCommands;
    this.serviceAccountName = serviceAccountName;
  }
}
