import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { PushSecretOptions, pushSecretManifest } from '../../core';
import { StoreReference } from '../../core/eso/common';
import { checkList, checkObject } from '../../core/validate/values';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';
import { ClusterSecretStore, SecretStore } from './secret-store';

/** Arguments of {@link PushSecret} (Pulumi): the core options, stores as components. */
export interface PushSecretArgs extends Omit<PushSecretOptions, 'stores'> {
  /** The stores to push to. */
  readonly stores: Array<SecretStore | ClusterSecretStore | StoreReference>;
}

/**
 * An ESO `PushSecret`: the Pulumi twin of the cdk8s `PushSecret`.
 * @see https://external-secrets.io/latest/api/pushsecret/
 */
export class PushSecret extends pulumi.ComponentResource {
  /** The PushSecret resource. */
  public readonly resource: k8s.apiextensions.CustomResource;

  /**
   * @param name the Pulumi resource name
   * @param args the PushSecret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: PushSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:PushSecret', name, {}, opts);
    const manifest = validated(this, () => {
      checkObject('PushSecret', 'args', args, 'the PushSecret args { name, namespace, stores, secret, data, deletionPolicy }');
      const stores = checkList('PushSecret', 'stores', args.stores, 'stores').map(s => (s instanceof SecretStore || s instanceof ClusterSecretStore ? s.storeRef : s) as StoreReference);
      return pushSecretManifest({ ...args, stores });
    });
    const dependsOn = args.stores.filter((s): s is SecretStore | ClusterSecretStore => s instanceof pulumi.Resource);
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}
