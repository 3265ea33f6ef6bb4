import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { WorkloadIdentity, secureServiceAccountManifest } from '../../core';
import { isDeferred } from '../../core/deferred';
import { checkIdentityAnnotation } from '../../core/identity/workload-identity';
import { checkObject } from '../../core/validate/values';
import { kubernetes } from '../deps';
import { validated, validatedOutput } from '../errors';

/** Arguments of {@link SecureServiceAccount}. */
export interface SecureServiceAccountArgs {
  /**
   * The ServiceAccount name (exact: cloud trust policies refer to `system:serviceaccount:<ns>:<name>`).
   */
  readonly name: string;
  /** The ServiceAccount namespace. */
  readonly namespace: string;
  /**
   * The cloud identity pods using this ServiceAccount assume: `WorkloadIdentity.awsIrsa(roleArn)` (the
   * ARN may be an Output, e.g. `irsaRole.arn`), `WorkloadIdentity.gcp(gsaEmail)` or
   * `WorkloadIdentity.azure(clientId)`.
   * @default - none: pods get no cloud identity
   */
  readonly identity?: WorkloadIdentity;
  /**
   * Mount a Kubernetes API token into every pod that uses this ServiceAccount. Leave it off unless the
   * workload calls the Kubernetes API; workload identity does not need it.
   * @default false
   */
  readonly automountToken?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Extra annotations. They may not redefine an annotation the identity sets.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/**
 * A ServiceAccount with API token automount off by default and an optional workload identity (AWS IRSA,
 * GKE, AKS): the Pulumi twin of the cdk8s `SecureServiceAccount`, built from the same core builder.
 *
 * ```ts
 * const sa = new SecureServiceAccount('payment-api', { name: 'payment-api-sa', namespace: 'payments',
 *   identity: WorkloadIdentity.awsIrsa(role.arn) });
 * ```
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
 */
export class SecureServiceAccount extends pulumi.ComponentResource {
  /** The ServiceAccount resource. */
  public readonly serviceAccount: k8s.core.v1.ServiceAccount;
  /** The ServiceAccount name, known at construction. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount namespace, known at construction. */
  public readonly serviceAccountNamespace: string;
  /** The ServiceAccount name, once created. */
  public readonly name: pulumi.Output<string>;
  /** The ServiceAccount namespace, once created. */
  public readonly namespace: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name
   * @param args the ServiceAccount settings
   * @param opts Pulumi resource options (provider, dependsOn, ...)
   */
  public constructor(name: string, args: SecureServiceAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:identity:SecureServiceAccount', name, {}, opts);
    validated(this, () => checkObject('SecureServiceAccount', 'args', args, 'an object with at least name and namespace'));
    const manifest = validated(this, () => secureServiceAccountManifest({
      name: args.name,
      namespace: args.namespace,
      identity: args.identity,
      automountToken: args.automountToken,
      labels: args.labels,
      annotations: args.annotations,
    }));
    this.serviceAccountName = manifest.metadata.name;
    this.serviceAccountNamespace = manifest.metadata.namespace!;

    // Deferred identity values (an IAM role ARN from an Output) are checked once they resolve.
    const annotations: Record<string, pulumi.Input<string>> = {};
    for (const [key, value] of Object.entries(manifest.metadata.annotations ?? {})) {
      annotations[key] = isDeferred(value)
        ? validatedOutput(this, value as pulumi.Input<string>, resolved => {
          checkIdentityAnnotation(key, resolved);
          return resolved;
        })
        : value as string;
    }

    const kube = kubernetes('SecureServiceAccount');
    this.serviceAccount = new kube.core.v1.ServiceAccount(name, {
      metadata: {
        ...manifest.metadata as k8s.types.input.meta.v1.ObjectMeta,
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      },
      automountServiceAccountToken: manifest.automountServiceAccountToken as boolean,
    }, { parent: this });
    this.name = this.serviceAccount.metadata.name;
    this.namespace = this.serviceAccount.metadata.namespace;
    this.registerOutputs({ name: this.name, namespace: this.namespace });
  }
}
