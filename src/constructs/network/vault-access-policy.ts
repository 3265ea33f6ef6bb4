import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { VaultAccessOptions, vaultAccessManifest } from '../../core';
import { emitManifest } from '../util';

/** Props of {@link VaultAccessPolicy}. */
export interface VaultAccessPolicyProps extends VaultAccessOptions {}

/**
 * Ingress of the Vault server pods limited to its clients on the API port, and to the Vault pods
 * themselves (API and cluster ports). The clients are given exactly with `clients`
 * (`VaultAgentInjection.vaultClient`, `externalSecretsVaultClient()` for the ESO controller), or by
 * default admitted by the label `kube-secure-secrets.io/vault-client: "true"` (see `VAULT_CLIENT_LABEL`),
 * which `VaultAgentInjection` puts on the pods it injects; the ESO Helm chart's pods do not carry it.
 * Lives in Vault's namespace (`vault` by default), whatever the chart's namespace.
 *
 * ```ts
 * new VaultAccessPolicy(chart, 'vault-ingress', { clients: [api.vaultClient, externalSecretsVaultClient()] });
 * ```
 */
export class VaultAccessPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: VaultAccessPolicyProps = {}) {
    super(scope, id);
    this.policy = emitManifest(this, 'Resource', 'VaultAccessPolicy', vaultAccessManifest(props));
  }
}
