import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretStoreOptions, clusterSecretStoreManifest, secretStoreManifest } from '../../core';
import { SecretStoreKind, StoreReference } from '../../core/eso/common';
import { SecretStoreProvider } from '../../core/eso/provider';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link SecretStore}. */
export interface SecretStoreArgs extends Omit<SecretStoreOptions, 'namespace' | 'conditions' | 'allowAllNamespaces' | 'component'> {
  /** The store's namespace; only ExternalSecrets of this namespace can use it. */
  readonly namespace: string;
}

/**
 * A namespaced External Secrets Operator `SecretStore` (`external-secrets.io/v1`): the Pulumi twin of the
 * cdk8s `SecretStore`, built from the same core builder.
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export class SecretStore extends pulumi.ComponentResource {
  /** The SecretStore resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The reference an ExternalSecret uses. */
  public readonly storeRef: StoreReference;
  /** The backend. */
  public readonly provider: SecretStoreProvider;

  /**
   * @param name the Pulumi resource name
   * @param args the store
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: SecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:SecretStore', name, {}, opts);
    const manifest = validated(this, () => secretStoreManifest({ ...args }));
    this.provider = args.provider;
    this.storeRef = { name: manifest.metadata.name, kind: SecretStoreKind.SECRET_STORE, namespace: manifest.metadata.namespace };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ storeRef: this.storeRef });
  }
}

/** Arguments of {@link ClusterSecretStore}. */
export interface ClusterSecretStoreArgs extends Omit<SecretStoreOptions, 'namespace' | 'component'> {}

/**
 * A cluster-scoped `ClusterSecretStore` restricted to the namespaces of its `conditions`: the Pulumi twin
 * of the cdk8s `ClusterSecretStore`.
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export class ClusterSecretStore extends pulumi.ComponentResource {
  /** The ClusterSecretStore resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The reference an ExternalSecret uses. */
  public readonly storeRef: StoreReference;
  /** The backend. */
  public readonly provider: SecretStoreProvider;

  /**
   * @param name the Pulumi resource name
   * @param args the store
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ClusterSecretStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:ClusterSecretStore', name, {}, opts);
    const manifest = validated(this, () => clusterSecretStoreManifest({ ...args }));
    this.provider = args.provider;
    this.storeRef = { name: manifest.metadata.name, kind: SecretStoreKind.CLUSTER_SECRET_STORE };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ storeRef: this.storeRef });
  }
}
