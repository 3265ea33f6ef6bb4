import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  EcrAuthorizationTokenOptions, GeneratorReference, PasswordGeneratorOptions, ecrAuthorizationTokenManifest, passwordGeneratorManifest,
} from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link PasswordGenerator} (Pulumi): the core options. */
export interface PasswordGeneratorArgs extends PasswordGeneratorOptions {}

/**
 * An ESO `Password` generator: the Pulumi twin of the cdk8s `PasswordGenerator`.
 * @see https://external-secrets.io/latest/api/generator/password/
 */
export class PasswordGenerator extends pulumi.ComponentResource {
  /** The Password resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The reference to put into `dataFrom[].generator`. */
  public readonly generatorRef: GeneratorReference;

  /**
   * @param name the Pulumi resource name
   * @param args the generator
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: PasswordGeneratorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:PasswordGenerator', name, {}, opts);
    const manifest = validated(this, () => passwordGeneratorManifest(args));
    this.generatorRef = { kind: 'Password', name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}

/** Arguments of {@link EcrAuthorizationTokenGenerator} (Pulumi): the core options. */
export interface EcrAuthorizationTokenGeneratorArgs extends EcrAuthorizationTokenOptions {}

/**
 * An ESO `ECRAuthorizationToken` generator with IRSA: the Pulumi twin of the cdk8s
 * `EcrAuthorizationTokenGenerator`.
 * @see https://external-secrets.io/latest/api/generator/ecr/
 */
export class EcrAuthorizationTokenGenerator extends pulumi.ComponentResource {
  /** The ECRAuthorizationToken resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The reference to put into `dataFrom[].generator`. */
  public readonly generatorRef: GeneratorReference;

  /**
   * @param name the Pulumi resource name
   * @param args the generator
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: EcrAuthorizationTokenGeneratorArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:eso:EcrAuthorizationTokenGenerator', name, {}, opts);
    const manifest = validated(this, () => ecrAuthorizationTokenManifest(args));
    this.generatorRef = { kind: 'ECRAuthorizationToken', name: manifest.metadata.name, namespace: manifest.metadata.namespace };
    this.resource = kubernetesResource(name, manifest, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({});
  }
}
