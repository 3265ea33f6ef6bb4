import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SealedSecretManifest, SealedSecretOptions, SecretHandle, sealedSecretManifest } from '../../core';
import { isDeferred } from '../../core/deferred';
import { sealedSecretOptionsFromFile } from '../../core/gitops/kubeseal';
import { checkObject } from '../../core/validate/values';
import { validated, validatedOutput } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link SealedSecret}: the core options; `stringData` values may be Pulumi secrets. */
export interface SealedSecretArgs extends Omit<SealedSecretOptions, 'stringData' | 'component'> {
  /**
   * Plaintext values to seal, e.g. `config.requireSecret('dbPassword')`. Sealing is randomized, so every
   * `pulumi up` changes the ciphertext (and updates the object); prefer `encryptedData` for stable state.
   * @default - none
   */
  readonly stringData?: Record<string, pulumi.Input<string>>;
}

/**
 * A Bitnami sealed-secrets `SealedSecret`: the Pulumi twin of the cdk8s `SealedSecret`, sealed with the same
 * core code. Its `secretName` is usable wherever a Secret name is.
 * @see https://github.com/bitnami-labs/sealed-secrets
 */
export class SealedSecret extends pulumi.ComponentResource implements SecretHandle {
  /**
   * A SealedSecret from a file written by `kube-secure-secrets seal` or kubeseal (JSON or YAML): name,
   * namespace, scope and sealed values unchanged, with the template's type, labels, annotations and
   * immutability; the same reading as the cdk8s `SealedSecret.fromFile`.
   * @param name the Pulumi resource name
   * @param path the SealedSecret file
   * @param opts Pulumi resource options
   */
  public static fromFile(name: string, path: string, opts?: pulumi.ComponentResourceOptions): SealedSecret {
    return new SealedSecret(name, sealedSecretOptionsFromFile('SealedSecret', path), opts);
  }

  /** The SealedSecret resource. */
  public readonly resource: k8s.apiextensions.CustomResource;
  /** The name of the Secret the controller creates. */
  public readonly secretName: string;
  /** Its namespace. */
  public readonly secretNamespace?: string;

  /**
   * @param name the Pulumi resource name
   * @param args what to seal and how
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: SealedSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:gitops:SealedSecret', name, {}, opts);
    validated(this, () => checkObject('SealedSecret', 'args', args, 'the SealedSecret arguments (an object)'));
    const stringData = validated(this, () => (args.stringData === undefined ? {} : checkObject('SealedSecret', 'stringData', args.stringData, 'a map of Secret keys to the values to seal')));
    const deferred = Object.values(stringData).some(isDeferred);
    // Checked now with stand-ins for values that are not known yet; sealed for real once they are.
    const eager = validated(this, () => sealedSecretManifest({
      ...args,
      stringData: Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, isDeferred(v) ? 'stand-in' : v as string])),
    }));
    const manifest: pulumi.Input<SealedSecretManifest> = deferred
      ? validatedOutput(this, pulumi.all(stringData), plain => sealedSecretManifest({ ...args, stringData: plain as Record<string, string> }))
      : eager;
    this.secretName = eager.metadata.name;
    this.secretNamespace = eager.metadata.namespace;
    this.resource = kubernetesResource(name, {
      apiVersion: eager.apiVersion,
      kind: eager.kind,
      metadata: eager.metadata,
      spec: pulumi.output(manifest).apply(m => m.spec),
    }, { parent: this }) as k8s.apiextensions.CustomResource;
    this.registerOutputs({ secretName: this.secretName });
  }
}
