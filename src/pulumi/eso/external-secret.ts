import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ExternalSecretOptions, SecretHandle, externalSecretManifest } from '../../core';
import { StoreReference } from '../../core/eso/common';
import { checkObject } from '../../core/validate/values';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';
import { ClusterSecretStore, SecretStore } from './secret-store';

/** Arguments of {@link ExternalSecret}: the core options, with the store as a component. */
export interface ExternalSecretArgs extends Omit<ExternalSecretOptions, 'store' | 'component'> {
  /**
   * The store to read from: a {@link SecretStore}, a {@link ClusterSecretStore} or `{ name, kind }`.
   * Required unless every `dataFrom` entry is a generator.
   * @default - none (generators only)
   */
  readonly store?: SecretStore | ClusterSecretStore | StoreReference;
}

/**
 * An External Secrets Operator `ExternalSecret`: the Pulumi twin of the cdk8s `ExternalSecret`. Its
 * `secretName` is usable wherever a Secret name is (`SecretReader`, `mountSecret`, `envFromSecret`, pod
 * specs).
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export class ExternalSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The ExternalSecret resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The name of the target Secret. */
  public readonly secretName: string;
  /** The namespace of the target Secret. */
  public readonly secretNamespace: string;

  /**
   * @param name the Pulumi resource name
   * @param args the ExternalSecret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ExternalSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:ExternalSecret', name, {}, opts);
    validated(this, () => checkObject('ExternalSecret', 'args', args, 'the ExternalSecret args { name, namespace, store, data | dataFrom, ... }'));
    const store = args.store instanceof SecretStore || args.store instanceof ClusterSecretStore ? args.store.storeRef : args.store;
    const manifest = validated(this, () => externalSecretManifest({ ...args, store }));
    this.secretName = manifest.spec.target.name;
    this.secretNamespace = manifest.metadata.namespace;
    const dependsOn = args.store instanceof pulumi.Resource ? [args.store] : [];
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ secretName: this.secretName, secretNamespace: this.secretNamespace });
  }
}
