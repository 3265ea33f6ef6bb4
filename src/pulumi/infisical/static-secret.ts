import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  InfisicalAuthOptions, InfisicalConnectionOptions, InfisicalNamespacedName, InfisicalStaticSecretOptions, SecretHandle,
  infisicalAuthManifest, infisicalConnectionManifest, infisicalStaticSecretManifest,
} from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link InfisicalConnection} (Pulumi): the core options. */
export interface InfisicalConnectionArgs extends InfisicalConnectionOptions {}

/** An Infisical `InfisicalConnection`: the Pulumi twin of the cdk8s `InfisicalConnection`. */
export class InfisicalConnection extends pulumi.ComponentResource {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** `{ name, namespace }`, for `InfisicalAuth.connection`. */
  public readonly ref: InfisicalNamespacedName;

  /**
   * @param name the Pulumi resource name
   * @param args the connection
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: InfisicalConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:infisical:InfisicalConnection', name, {}, opts);
    const manifest = validated(this, () => infisicalConnectionManifest(args));
    this.ref = { name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}

/** Arguments of {@link InfisicalAuth} (Pulumi): the core options, the connection as a component. */
export interface InfisicalAuthArgs extends Omit<InfisicalAuthOptions, 'connection'> {
  /** The connection: an {@link InfisicalConnection} or `{ name, namespace? }`. */
  readonly connection: InfisicalConnection | InfisicalAuthOptions['connection'];
}

/** An Infisical `InfisicalAuth`: the Pulumi twin of the cdk8s `InfisicalAuth`. */
export class InfisicalAuth extends pulumi.ComponentResource {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** `{ name, namespace }`, for `InfisicalStaticSecret.auth`. */
  public readonly ref: InfisicalNamespacedName;

  /**
   * @param name the Pulumi resource name
   * @param args the auth
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: InfisicalAuthArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:infisical:InfisicalAuth', name, {}, opts);
    const manifest = validated(this, () => infisicalAuthManifest(args as InfisicalAuthOptions));
    this.ref = { name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    const dependsOn = args.connection instanceof InfisicalConnection ? [args.connection] : [];
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}

/** Arguments of {@link InfisicalStaticSecret} (Pulumi): the core options, the auth as a component. */
export interface InfisicalStaticSecretArgs extends Omit<InfisicalStaticSecretOptions, 'auth'> {
  /** The auth: an {@link InfisicalAuth} or `{ name, namespace? }`. */
  readonly auth: InfisicalAuth | InfisicalStaticSecretOptions['auth'];
}

/**
 * An Infisical `InfisicalStaticSecret` (v1beta1): the Pulumi twin of the cdk8s `InfisicalStaticSecret`.
 * Its `secretName` (the first Secret target) is usable wherever a Secret name is.
 */
export class InfisicalStaticSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The name of the first Secret target. */
  public readonly secretName: string;
  /** Its namespace. */
  public readonly secretNamespace: string;

  /**
   * @param name the Pulumi resource name
   * @param args the static secret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: InfisicalStaticSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:infisical:InfisicalStaticSecret', name, {}, opts);
    const manifest = validated(this, () => infisicalStaticSecretManifest(args as InfisicalStaticSecretOptions));
    const target = manifest.spec.targets.find(t => t.kind === 'Secret') ?? manifest.spec.targets[0];
    this.secretName = target.name;
    this.secretNamespace = target.namespace;
    const dependsOn = args.auth instanceof InfisicalAuth ? [args.auth] : [];
    this.resource = kubernetesResource(name, manifest, { parent: this, dependsOn }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ secretName: this.secretName, secretNamespace: this.secretNamespace });
  }
}
