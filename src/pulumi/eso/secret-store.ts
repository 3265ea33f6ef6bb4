import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeManifest, SecretStoreOptions, clusterSecretStoreManifest, secretStoreManifest } from '../../core';
import { DeferredCheck, SecretStoreKind, StoreReference } from '../../core/eso/common';
import { SecretStoreProvider } from '../../core/eso/provider';
import { checkObject } from '../../core/validate/values';
import { validated, validatedOutput } from '../errors';
import { kubernetesResource } from '../kubernetes';

/**
 * Replace each deferred provider setting in a rendered manifest (found by identity) with an Output that
 * runs the core's check on the resolved value, the same rule a plain value gets. Each deferred value is
 * wrapped once, whatever the number of places it appears in, so a failure is reported once.
 * @internal
 */
export function checkDeferredSettings<T>(resource: pulumi.Resource, value: T, checks: readonly DeferredCheck[]): T {
  const wrapped = new Map<unknown, pulumi.Output<unknown>>();
  const replace = (node: unknown): unknown => {
    const check = checks.find(c => c.value === node);
    if (check !== undefined) {
      let out = wrapped.get(node);
      if (out === undefined) {
        out = validatedOutput(resource, node as pulumi.Input<unknown>, resolved => {
          check.check(resolved);
          return resolved;
        });
        wrapped.set(node, out);
      }
      return out;
    }
    if (Array.isArray(node)) {
      return node.map(replace);
    }
    if (typeof node === 'object' && node !== null && Object.getPrototypeOf(node) === Object.prototype) {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
    }
    return node;
  };
  return replace(value) as T;
}

/** Create the store resource, with its deferred provider settings checked once they resolve. */
function storeResource(
  self: pulumi.ComponentResource, name: string, manifest: KubeManifest, provider: SecretStoreProvider,
): k8s.apiextensions.CustomResource {
  const checked = checkDeferredSettings(self, manifest, provider._deferredChecks());
  return kubernetesResource(name, checked, { parent: self }) as k8s.apiextensions.CustomResource;
}

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
    const manifest = validated(this, () => secretStoreManifest({ ...checkObject('SecretStore', 'args', args, 'the SecretStore args { name, namespace, provider }') as unknown as SecretStoreArgs }));
    this.provider = args.provider;
    this.storeRef = { name: manifest.metadata.name, kind: SecretStoreKind.SECRET_STORE, namespace: manifest.metadata.namespace };
    this.resource = storeResource(this, name, manifest, args.provider);
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
    const manifest = validated(this, () => clusterSecretStoreManifest({
      ...checkObject('ClusterSecretStore', 'args', args, 'the ClusterSecretStore args { name, provider, conditions | allowAllNamespaces }') as unknown as ClusterSecretStoreArgs,
    }));
    this.provider = args.provider;
    this.storeRef = { name: manifest.metadata.name, kind: SecretStoreKind.CLUSTER_SECRET_STORE };
    this.resource = storeResource(this, name, manifest, args.provider);
    this.registerOutputs({ storeRef: this.storeRef });
  }
}
