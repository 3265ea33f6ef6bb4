import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { FluxKustomizationOptions, fluxKustomizationManifest } from '../../core';
import { emitManifest } from '../util';

/** Props of {@link FluxKustomization}. */
export interface FluxKustomizationProps extends FluxKustomizationOptions {}

/**
 * A Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`) that applies a path of a Git/OCI source and
 * decrypts the SOPS-encrypted files in it (`decryption: { provider: sops, secretRef }`). Lives in
 * `flux-system` by default, whatever the chart's namespace.
 * @see https://fluxcd.io/flux/components/kustomize/kustomizations/#decryption
 */
export class FluxKustomization extends Construct {
  /** The Kustomization object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    this.apiObject = emitManifest(this, 'Resource', 'FluxKustomization', fluxKustomizationManifest(props));
  }
}
