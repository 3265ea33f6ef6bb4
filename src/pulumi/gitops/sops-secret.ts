import * as pulumi from '@pulumi/pulumi';
import { SecretHandle, SopsSecretOptions } from '../../core';
import { isDeferred } from '../../core/deferred';
import { SopsEncryptedManifest, sopsSecretForSortedWriter } from '../../core/gitops/sops-secret';
import { checkObject } from '../../core/validate/values';
import { kubernetes } from '../deps';
import { validated, validatedOutput } from '../errors';

/** Arguments of {@link SopsSecret} (Pulumi): the core options; `stringData` values may be Pulumi secrets. */
export interface SopsSecretArgs extends Omit<SopsSecretOptions, 'stringData' | 'component'> {
  /**
   * The values, in plaintext (e.g. `config.requireSecret('webhookKey')`); they are written only encrypted.
   */
  readonly stringData: Record<string, pulumi.Input<string>>;
}

/** The version of `@pulumi/kubernetes`, so the engine picks the same provider plugin as its typed classes. */
function kubernetesVersion(): string {
  kubernetes('SopsSecret');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@pulumi/kubernetes/package.json') as { version: string }).version.replace(/^v/, '');
}

/** A `v1` Secret resource with whatever fields it is given (the typed class would drop `sops`). */
class EncryptedSecretResource extends pulumi.CustomResource {
  public constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    super('kubernetes:core/v1:Secret', name, props, opts);
  }
}

/**
 * A Kubernetes Secret encrypted with SOPS for age recipients: the Pulumi twin of the cdk8s `SopsSecret`,
 * checked and encrypted by the same core code. Meant for GitOps: render it with a Kubernetes provider
 * whose `renderYamlToDirectory` is set, commit the directory, and let Flux (`FluxKustomization` with SOPS
 * decryption) decrypt it; applied to a cluster directly, the API server refuses the `sops` field.
 *
 * The values are written under `data` (base64, then encrypted) with every key sorted, because the
 * Kubernetes provider turns a Secret's `stringData` into `data` and writes keys sorted (see the core's
 * `sopsSecretForSortedWriter`); the decrypted Secret is the same as the cdk8s one's, and a custom
 * encryption rule must encrypt the values under `data` (the default does). Keep the provider's
 * server-side apply on (its default since v4): with `enableServerSideApply: false` the provider adds an
 * `app.kubernetes.io/managed-by` label after encryption, which the MAC does not cover, and Flux refuses
 * the file. Encryption is randomized, so every `pulumi up` writes new ciphertext.
 *
 * ```ts
 * new SopsSecret('webhook', { name: 'webhook-key', namespace: 'payments', ageRecipients: ['age1...'],
 *   stringData: { key: config.requireSecret('webhookKey') } }, { provider: renderer });
 * ```
 * @see https://fluxcd.io/flux/guides/mozilla-sops/
 */
export class SopsSecret extends pulumi.ComponentResource implements SecretHandle {
  /** The (encrypted) Secret resource. */
  public readonly resource: pulumi.CustomResource;
  /** The Secret's name. */
  public readonly secretName: string;
  /** The Secret's namespace. */
  public readonly secretNamespace?: string;

  /**
   * @param name the Pulumi resource name
   * @param args what to encrypt and for whom
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: SopsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:gitops:SopsSecret', name, {}, opts);
    validated(this, () => checkObject('SopsSecret', 'args', args, 'the SopsSecret arguments (an object)'));
    const stringData = validated(this, () => (args.stringData === undefined
      ? {} : checkObject('SopsSecret', 'stringData', args.stringData, 'a map of Secret keys to the values to encrypt')));
    const deferred = Object.values(stringData).some(isDeferred);
    // Checked now with stand-ins for values that are not known yet; encrypted for real once they are.
    const eager = validated(this, () => sopsSecretForSortedWriter({
      ...args,
      stringData: Object.fromEntries(Object.entries(stringData).map(([k, v]) => [k, isDeferred(v) ? 'stand-in' : v as string])) as Record<string, string>,
    }));
    const encrypted = (deferred
      // The result is ciphertext meant to be committed: not a Pulumi secret (that would only make the
      // renderer warn that the file holds a secret in plaintext).
      ? pulumi.unsecret(validatedOutput(this, pulumi.all(stringData),
        plain => sopsSecretForSortedWriter({ ...args, stringData: plain as Record<string, string> }) as unknown as Record<string, unknown>))
      : pulumi.output(eager as unknown as Record<string, unknown>)) as pulumi.Output<Record<string, unknown>>;
    const { apiVersion, kind, metadata, ...rest } = eager as SopsEncryptedManifest & Record<string, unknown>;
    this.secretName = eager.metadata.name;
    this.secretNamespace = eager.metadata.namespace;
    // Not `k8s.core.v1.Secret`: its constructor keeps only the fields of a Secret and would drop `sops`.
    // The type token is the typed class's (the provider reads group/version from it:
    // pulumi/pulumi-kubernetes provider/pkg/provider/provider.go `gvkFromURN`).
    const fields = Object.fromEntries(Object.keys(rest).map(key => [key, encrypted.apply(m => m[key])]));
    this.resource = new EncryptedSecretResource(name, { apiVersion, kind, metadata, ...fields }, { parent: this, version: kubernetesVersion() });
    this.registerOutputs({ secretName: this.secretName });
  }
}
