import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ClusterSpiffeIdOptions, clusterSpiffeIdManifest } from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link ClusterSPIFFEID} (Pulumi): the core options. */
export interface ClusterSPIFFEIDArgs extends ClusterSpiffeIdOptions {}

/** A SPIRE `ClusterSPIFFEID`: the Pulumi twin of the cdk8s `ClusterSPIFFEID`. */
export class ClusterSPIFFEID extends pulumi.ComponentResource {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The SPIFFE ID template written. */
  public readonly spiffeIdTemplate: string;

  /**
   * @param name the Pulumi resource name
   * @param args the ClusterSPIFFEID
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ClusterSPIFFEIDArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:spiffe:ClusterSPIFFEID', name, {}, opts);
    const manifest = validated(this, () => clusterSpiffeIdManifest(args));
    this.spiffeIdTemplate = manifest.spec.spiffeIDTemplate;
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ spiffeIdTemplate: this.spiffeIdTemplate });
  }
}
