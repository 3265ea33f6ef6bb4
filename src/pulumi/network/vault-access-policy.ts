import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { VaultAccessOptions, vaultAccessManifest } from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** Arguments of {@link VaultAccessPolicy}. */
export interface VaultAccessPolicyArgs extends VaultAccessOptions {}

/**
 * Vault ingress limited to its clients (given exactly with `clients`, or pods labelled
 * `kube-secure-secrets.io/vault-client: "true"`): the Pulumi twin of the cdk8s construct.
 *
 * ```ts
 * new VaultAccessPolicy('vault-ingress', { clients: [api.vaultClient, externalSecretsVaultClient()] });
 * ```
 */
export class VaultAccessPolicy extends pulumi.ComponentResource {
  /** The NetworkPolicies (one). */
  public readonly policies: k8s.networking.v1.NetworkPolicy[];

  /**
   * @param name the Pulumi resource name
   * @param args Vault's namespace, labels, ports and clients
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: VaultAccessPolicyArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:network:VaultAccessPolicy', name, {}, opts);
    const manifest = validated(this, () => vaultAccessManifest(args));
    this.policies = [kubernetesResource(`${name}-${manifest.metadata.name}`, manifest, { parent: this }) as k8s.networking.v1.NetworkPolicy];
    this.registerOutputs({ policyNames: [manifest.metadata.name] });
  }
}
