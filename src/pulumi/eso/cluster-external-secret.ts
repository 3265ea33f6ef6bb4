import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ClusterExternalSecretOptions, clusterExternalSecretManifest } from '../../core';
import { StoreReference } from '../../core/eso/common';
import { checkObject } from '../../core/validate/values';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';
import { ClusterSecretStore, SecretStore } from './secret-store';

/** Arguments of {@link ClusterExternalSecret} (Pulumi): the core options, with the store as a component. */
export interface ClusterExternalSecretArgs extends Omit<ClusterExternalSecretOptions, 'externalSecret'> {
  /** The ExternalSecret to create in each namespace. */
  readonly externalSecret: Omit<ClusterExternalSecretOptions['externalSecret'], 'store'> & {
    /**
     * The store: a ClusterSecretStore, or `{ name, kind: 'SecretStore' }` present in each namespace.
     * @default - none (generators only)
     */
    readonly store?: ClusterSecretStore | SecretStore | StoreReference;
  };
}

/**
 * An ESO `ClusterExternalSecret`: the Pulumi twin of the cdk8s `ClusterExternalSecret`.
 * @see https://external-secrets.io/latest/api/clusterexternalsecret/
 */
export class ClusterExternalSecret extends pulumi.ComponentResource {
  /** The ClusterExternalSecret resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The name of the ExternalSecrets in each namespace. */
  public readonly externalSecretName: string;
  /** The name of the target Secret in each chosen namespace. */
  public readonly secretName: string;

  /**
   * @param name the Pulumi resource name
   * @param args the ClusterExternalSecret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ClusterExternalSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:ClusterExternalSecret', name, {}, opts);
    const manifest = validated(this, () => {
      checkObject('ClusterExternalSecret', 'args', args, 'the ClusterExternalSecret args { name, namespaces | namespaceSelectors, externalSecret }');
      const es = checkObject('ClusterExternalSecret', 'externalSecret', args.externalSecret, 'the ExternalSecret options { store, data | dataFrom, ... }');
      const store = es.store instanceof SecretStore || es.store instanceof ClusterSecretStore ? es.store.storeRef : es.store;
      return clusterExternalSecretManifest({ ...args, externalSecret: { ...(es as unknown as ClusterExternalSecretOptions['externalSecret']), store: store as StoreReference | undefined } });
    });
    this.externalSecretName = manifest.spec.externalSecretName;
    this.secretName = manifest.spec.externalSecretSpec.target.name;
    const dependsOn = args.externalSecret.store instanceof pulumi.Resource ? [args.externalSecret.store] : [];
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ externalSecretName: this.externalSecretName });
  }
}
