import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RELOADER_SECRET_PROVIDER_CLASS_ANNOTATION, SecretProviderClassMountOptions, SecretProviderClassOptions, ValidationError, secretProviderClassManifest } from '../../core';
import { secretProviderClassMount } from '../../core/csi/secret-provider-class';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';
import { WorkloadArgsLike } from '../workload/consumption';
import { fieldOf, plainWorkload, reloadAnnotationAllowed, targetIndexes, withMergedAnnotation, withReadOnlyVolume } from '../workload/workload-args';

/** Arguments of {@link SecretProviderClass} (Pulumi): the core options. */
export interface SecretProviderClassArgs extends SecretProviderClassOptions {}

/**
 * A Secrets Store CSI driver `SecretProviderClass` for the AWS provider: the Pulumi twin of the cdk8s
 * `SecretProviderClass`. Mount it with {@link mountSecretProviderClass}.
 * @see https://secrets-store-csi-driver.sigs.k8s.io/
 */
export class SecretProviderClass extends pulumi.ComponentResource {
  /** The SecretProviderClass resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** Its name. */
  public readonly className: string;
  /** Its namespace. */
  public readonly namespace: string;

  /**
   * @param name the Pulumi resource name
   * @param args the SecretProviderClass
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: SecretProviderClassArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:csi:SecretProviderClass', name, {}, opts);
    const manifest = validated(this, () => secretProviderClassManifest(args));
    this.className = manifest.metadata.name;
    this.namespace = manifest.metadata.namespace!;
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ className: this.className, namespace: this.namespace });
  }
}

/** Options of {@link mountSecretProviderClass} (Pulumi). */
export interface PulumiMountSecretProviderClassOptions extends SecretProviderClassMountOptions {
  /**
   * The name of the container to mount into.
   * @default - every container
   */
  readonly container?: string;
}

/**
 * Mount a {@link SecretProviderClass} into a `@pulumi/kubernetes` workload's args: a read-only CSI volume
 * (driver `secrets-store.csi.k8s.io`) mounted read-only, and the class added to the
 * `secretproviderclass.reloader.stakater.com/reload` annotation (not on Jobs and CronJobs, which Reloader
 * would re-run). Returns new args. The pod spec must name
 * its ServiceAccount (the AWS provider reads with the pod's identity).
 */
export function mountSecretProviderClass<T extends WorkloadArgsLike>(
  args: T, spc: SecretProviderClass | string, options: PulumiMountSecretProviderClassOptions,
): T {
  const component = 'mountSecretProviderClass';
  const className: unknown = spc instanceof SecretProviderClass ? spc.className : spc;
  const { volume, path: mountPath, reload } = secretProviderClassMount(component, className, options);
  const w = plainWorkload(component, args);
  if (w.podSpec.serviceAccountName === undefined) {
    throw new ValidationError(component, `${w.templatePath}.spec.serviceAccountName`, 'is not set; the AWS provider reads the secrets with the pod\'s ServiceAccount (IRSA or Pod Identity). Set it to a SecureServiceAccount with the role.');
  }
  const targets = targetIndexes(component, w.containers, options.container);
  const podSpec = withReadOnlyVolume(component, w, volume, v => fieldOf(fieldOf(v.csi, 'volumeAttributes'), 'secretProviderClass') === className, targets, mountPath);
  const rebuilt = w.withTemplate({ ...w.template, spec: podSpec });
  if (!reload || !reloadAnnotationAllowed(component, w)) {
    return rebuilt as T;
  }
  const spcName = volume.csi.volumeAttributes.secretProviderClass;
  return { ...rebuilt, metadata: withMergedAnnotation(component, w.args.metadata, RELOADER_SECRET_PROVIDER_CLASS_ANNOTATION, [spcName]) } as T;
}
