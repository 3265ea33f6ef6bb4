import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { INFISICAL_AUTO_RELOAD_ANNOTATION, InfisicalSecretOptions, RELOADABLE_KINDS, SecretHandle, ValidationError, infisicalSecretManifest } from '../../core';
import { q } from '../../core/errors';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';
import { WorkloadArgsLike } from '../workload/consumption';
import { withAnnotations } from '../workload/workload-args';

/**
 * Arguments of {@link InfisicalSecret} (Pulumi): the core options.
 * @deprecated v1alpha1; use {@link InfisicalStaticSecretArgs}.
 */
export interface InfisicalSecretArgs extends InfisicalSecretOptions {}

/**
 * An Infisical operator `InfisicalSecret`: the Pulumi twin of the cdk8s `InfisicalSecret`. Its
 * `secretName` is usable wherever a Secret name is.
 * @deprecated The operator's legacy v1alpha1 API: use {@link InfisicalStaticSecret} with
 * {@link InfisicalAuth} and {@link InfisicalConnection} (v1beta1); `InfisicalSecretOptions` lists the
 * field-by-field migration.
 * @see https://infisical.com/docs/integrations/platforms/kubernetes/infisical-secret-crd
 */
export class InfisicalSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The InfisicalSecret resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The name of the managed Secret. */
  public readonly secretName: string;
  /** Its namespace. */
  public readonly secretNamespace: string;

  /**
   * @param name the Pulumi resource name
   * @param args the InfisicalSecret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: InfisicalSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:infisical:InfisicalSecret', name, {}, opts);
    const manifest = validated(this, () => infisicalSecretManifest(args));
    const [ref] = manifest.spec.managedKubeSecretReferences;
    this.secretName = ref.secretName;
    this.secretNamespace = ref.secretNamespace;
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ secretName: this.secretName, secretNamespace: this.secretNamespace });
  }
}

/**
 * Return workload args with `secrets.infisical.com/auto-reload: "true"`, so the Infisical operator
 * restarts the workload when a managed Secret it uses changes.
 *
 * ```ts
 * new k8s.apps.v1.Deployment('api', infisicalAutoReload({ metadata, spec }));
 * ```
 */
export function infisicalAutoReload<T extends WorkloadArgsLike>(args: T, kind: string = 'Deployment'): T {
  const component = 'infisicalAutoReload';
  if (!RELOADABLE_KINDS.includes(kind)) {
    throw new ValidationError(component, 'kind', `${q(kind)} is not reloaded by the Infisical operator; use it on a Deployment, StatefulSet or DaemonSet.`);
  }
  return { ...args, metadata: withAnnotations(component, 'args.metadata', args.metadata, { [INFISICAL_AUTO_RELOAD_ANNOTATION]: 'true' }) };
}
