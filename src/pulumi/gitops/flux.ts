import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { FluxKustomizationOptions, fluxKustomizationManifest } from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link FluxKustomization} (Pulumi): the core options. */
export interface FluxKustomizationArgs extends FluxKustomizationOptions {}

/**
 * A Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`) that applies a path of a Git/OCI source and
 * decrypts the SOPS-encrypted files in it: the Pulumi twin of the cdk8s `FluxKustomization`, built by the
 * same core builder. Lives in `flux-system` by default.
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#decryption
 */
export class FluxKustomization extends pulumi.ComponentResource {
  /** The Kustomization resource. */
  public readonly resource: k8s.apiextensions.CustomResource;

  /**
   * @param name the Pulumi resource name
   * @param args the Kustomization
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: FluxKustomizationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:gitops:FluxKustomization', name, {}, opts);
    const manifest = validated(this, () => fluxKustomizationManifest(args));
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}
