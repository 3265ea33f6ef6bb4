import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  KubeManifest, SecretHandle, VaultAuthBinding, VaultAuthOptions, VaultConnectionOptions, VaultDynamicSecretOptions, VaultStaticSecretOptions,
  VsoObjectReference, vaultAuthManifest, vaultConnectionManifest, vaultDynamicSecretManifest, vaultStaticSecretManifest,
} from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link VaultConnection} (Pulumi): the core options. */
export interface VaultConnectionArgs extends VaultConnectionOptions {}

/** A Vault Secrets Operator `VaultConnection`: the Pulumi twin of the cdk8s `VaultConnection`. */
export class VaultConnection extends pulumi.ComponentResource {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** `{ name, namespace }`, for `VaultAuth.connection`. */
  public readonly ref: VsoObjectReference;

  /**
   * @param name the Pulumi resource name
   * @param args the connection
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: VaultConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:vault:VaultConnection', name, {}, opts);
    const manifest = validated(this, () => vaultConnectionManifest(args));
    this.ref = { name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}

/** Arguments of {@link VaultAuth} (Pulumi): the core options, the connection as a component. */
export interface VaultAuthArgs extends Omit<VaultAuthOptions, 'connection'> {
  /** The connection: a {@link VaultConnection} or `{ name }`. */
  readonly connection: VaultConnection | VaultAuthOptions['connection'];
}

/** A Vault Secrets Operator `VaultAuth`: the Pulumi twin of the cdk8s `VaultAuth`. */
export class VaultAuth extends pulumi.ComponentResource {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** `{ name, namespace }`, for the secrets' `auth`. */
  public readonly ref: VsoObjectReference;
  /** What the Vault role must bind. */
  public readonly binding: VaultAuthBinding;

  /**
   * @param name the Pulumi resource name
   * @param args the auth
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: VaultAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:vault:VaultAuth', name, {}, opts);
    const { manifest, binding } = validated(this, () => vaultAuthManifest(args as VaultAuthOptions));
    this.ref = { name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    this.binding = binding;
    const dependsOn = args.connection instanceof VaultConnection ? [args.connection] : [];
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}

/** What a VaultStaticSecret or VaultDynamicSecret component holds, built once for both. */
function vaultSecretParts(
  self: pulumi.ComponentResource, name: string, auth: unknown,
  build: () => { manifest: KubeManifest & { metadata: { namespace: string }; spec: { destination: { name: string } } }; policyPaths: string[] },
): { secretName: string; secretNamespace: string; policyPaths: string[]; resource: k8s.apiextensions.CustomResource } {
  const { manifest, policyPaths } = validated(self, build);
  const dependsOn = auth instanceof VaultAuth ? [auth] : [];
  return {
    secretName: manifest.spec.destination.name,
    secretNamespace: manifest.metadata.namespace,
    policyPaths,
    resource: kubernetesResource(name, manifest, { parent: self, dependsOn }) as k8s.apiextensions.CustomResource,
  };
}

/** Arguments of {@link VaultStaticSecret} (Pulumi): the core options, the auth as a component. */
export interface VaultStaticSecretArgs extends Omit<VaultStaticSecretOptions, 'auth'> {
  /** The auth: a {@link VaultAuth} or `{ name }`. */
  readonly auth: VaultAuth | VaultStaticSecretOptions['auth'];
}

/** A Vault Secrets Operator `VaultStaticSecret`: the Pulumi twin of the cdk8s `VaultStaticSecret`. */
export class VaultStaticSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The destination Secret's name. */
  public readonly secretName: string;
  /** Its namespace. */
  public readonly secretNamespace: string;
  /** The Vault paths its policy must allow. */
  public readonly policyPaths: string[];

  /**
   * @param name the Pulumi resource name
   * @param args the secret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: VaultStaticSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:vault:VaultStaticSecret', name, {}, opts);
    const parts = vaultSecretParts(this, name, args.auth, () => vaultStaticSecretManifest(args as VaultStaticSecretOptions));
    ({ secretName: this.secretName, secretNamespace: this.secretNamespace, policyPaths: this.policyPaths, resource: this.resource } = parts);
    this.registerOutputs({ secretName: this.secretName });
  }
}

/** Arguments of {@link VaultDynamicSecret} (Pulumi): the core options, the auth as a component. */
export interface VaultDynamicSecretArgs extends Omit<VaultDynamicSecretOptions, 'auth'> {
  /** The auth: a {@link VaultAuth} or `{ name }`. */
  readonly auth: VaultAuth | VaultDynamicSecretOptions['auth'];
}

/** A Vault Secrets Operator `VaultDynamicSecret`: the Pulumi twin of the cdk8s `VaultDynamicSecret`. */
export class VaultDynamicSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The destination Secret's name. */
  public readonly secretName: string;
  /** Its namespace. */
  public readonly secretNamespace: string;
  /** The Vault paths its policy must allow. */
  public readonly policyPaths: string[];

  /**
   * @param name the Pulumi resource name
   * @param args the secret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: VaultDynamicSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:vault:VaultDynamicSecret', name, {}, opts);
    const parts = vaultSecretParts(this, name, args.auth, () => vaultDynamicSecretManifest(args as VaultDynamicSecretOptions));
    ({ secretName: this.secretName, secretNamespace: this.secretNamespace, policyPaths: this.policyPaths, resource: this.resource } = parts);
    this.registerOutputs({ secretName: this.secretName });
  }
}
