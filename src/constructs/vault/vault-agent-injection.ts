import { ApiObject, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ServiceAccountReference, ValidationError, VaultAgentInjectionOptions, VaultClientSelector, VaultFileAccess, VaultKubernetesAuthRole,
  vaultAgentInjection, vaultAgentPodPlan,
} from '../../core';
import { typeOf } from '../../core/errors';
import { resolveServiceAccount } from '../../core/identity/service-account-ref';
import { checkObject } from '../../core/validate/values';
import { vaultServiceAccountOfPod } from '../../core/vault/agent';
import { Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { isCdk8sPlusWorkload, volumeFromConfig } from '../internal/cdk8s-plus-adapter';
import { podSpecPointer, podUsersOf, resolveNamespace, workloadKindOf } from '../util';

/** Props of {@link VaultAgentInjection}. */
export interface VaultAgentInjectionProps extends Omit<VaultAgentInjectionOptions, 'serviceAccountName' | 'namespace'> {
  /** The workload to inject the agent into. */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * The ServiceAccount the Vault role is bound to; set on the workload's pod spec when it has none.
   * @default - the workload's ServiceAccount (one must be set)
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * The workload's namespace (bound in the Vault role).
   * @default - the workload's namespace, else the chart's
   */
  readonly namespace?: string;
}

/**
 * Inject the HashiCorp Vault agent into a cdk8s-plus workload: the pod template gets the injector's
 * annotations (`vault.hashicorp.com/agent-inject: "true"`, `role`, one `agent-inject-secret-<name>` per
 * secret, templates, file modes; `agent-pre-populate-only` for Jobs and CronJobs), the Vault client label
 * `kube-secure-secrets.io/vault-client: "true"` (see {@link VaultAgentInjection.vaultClient}), the
 * workload its ServiceAccount, and the pod a projected ServiceAccount token (audience `vault`) that only
 * the agent mounts. The secrets appear as files under `/vault/secrets/<name>`, readable by the
 * application alone: 0400 written as its user, or 0440 in the pod's fsGroup (the injector's own 0644 is
 * never used; a pod that offers neither is refused).
 *
 * The operator side comes with it: {@link VaultAgentInjection.policyHcl} grants only `read` on exactly
 * these paths, {@link VaultAgentInjection.authRole} binds the role to exactly this ServiceAccount and
 * namespace, and {@link VaultAgentInjection.vaultCommands} are the `vault` commands that create both.
 *
 * A ServiceAccount given here for a workload that has none is written into the pod spec with a cdk8s JSON
 * patch (cdk8s-plus takes a workload's ServiceAccount only in its constructor): the workload object's own
 * `serviceAccount` property stays unset.
 *
 * ```ts
 * const vault = new VaultAgentInjection(chart, 'vault', { workload: api, role: 'payments-api',
 *   secrets: [{ name: 'postgres', path: 'secret/data/payments/postgres' }] });
 * fs.writeFileSync('payments-api-read.hcl', vault.policyHcl);
 * new VaultAccessPolicy(chart, 'vault-ingress', { clients: [vault.vaultClient] });
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
  /** The workload's pods as a Vault client: give it to `VaultAccessPolicy({ clients })`. */
  public readonly vaultClient: VaultClientSelector;
  /** Who can read the rendered files (the agent's user and group, each file's mode). */
  public readonly fileAccess: VaultFileAccess;
  /** Whether the agent runs as an init container only (Jobs, CronJobs, or `prePopulateOnly: true`). */
  public readonly prePopulateOnly: boolean;

  public constructor(scope: Construct, id: string, props: VaultAgentInjectionProps) {
    super(scope, id);
    const component = 'VaultAgentInjection';
    checkObject(component, 'props', props, 'an object with at least workload, role and secrets');
    const workload = props.workload;
    if (!isCdk8sPlusWorkload(workload)) {
      throw new ValidationError(component, 'workload', `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod); received ${typeOf(workload)}.`);
    }
    const given = resolveServiceAccount(component, 'serviceAccount', props.serviceAccount);
    const current = workload.serviceAccount?.name;
    const serviceAccountName = vaultServiceAccountOfPod(component, given?.name, current, 'workload.serviceAccount');
    const namespace = resolveNamespace(component, this, props.namespace ?? given?.namespace ?? workload.metadata.namespace);
    const kind = workloadKindOf(workload);
    const spec = vaultAgentInjection({ ...props, serviceAccountName, namespace }, component);
    const plan = vaultAgentPodPlan(props, spec, {
      kind,
      restartPolicy: workload.restartPolicy,
      users: podUsersOf(workload),
      volumeNames: workload.volumes.map(v => v.name),
    }, component);

    if (current === undefined) {
      ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${podSpecPointer(kind)}/serviceAccountName`, serviceAccountName));
    }
    for (const [key, value] of Object.entries(plan.annotations)) {
      workload.podMetadata.addAnnotation(key, value);
    }
    for (const [key, value] of Object.entries(plan.podLabels)) {
      workload.podMetadata.addLabel(key, value);
    }
    if (plan.tokenVolume) {
      const { name, ...config } = plan.tokenVolume;
      workload.addVolume(volumeFromConfig(workload, this, 'TokenVolume', name, config));
    }
    this.annotations = plan.annotations;
    this.policyName = spec.policyName;
    this.policyHcl = spec.policyHcl;
    this.authRole = spec.authRole;
    this.vaultCommands = spec.vaultCommands;
    this.serviceAccountName = serviceAccountName;
    this.vaultClient = spec.vaultClient;
    this.fileAccess = plan.fileAccess;
    this.prePopulateOnly = plan.prePopulateOnly;
  }
}
