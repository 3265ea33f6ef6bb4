import { ValidationError } from '../errors';
import { KubeManifest } from '../manifest';
import { checkPort, labels, policy } from './common';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { checkList, checkObject } from '../validate/values';

/**
 * The label that marks a pod as a Vault client for {@link vaultAccessManifest}. `VaultAgentInjection`
 * puts it (value `"true"`) on the pod template of every workload it injects.
 */
export const VAULT_CLIENT_LABEL = 'kube-secure-secrets.io/vault-client';

/**
 * Pods allowed to reach Vault: a namespace and the labels of the pods in it, rendered as one NetworkPolicy
 * peer (`namespaceSelector` on `kubernetes.io/metadata.name` AND `podSelector`). `VaultAgentInjection`
 * exposes the one for its workload (`vaultClient`), {@link externalSecretsVaultClient} gives ESO's.
 */
export interface VaultClientSelector {
  /** The namespace the client pods run in. */
  readonly namespace: string;
  /** Labels every client pod carries (at least one: an empty selector would admit every pod). */
  readonly podLabels: Record<string, string>;
}

/** Where the External Secrets Operator controller runs (the same options as its egress policy). */
export interface ExternalSecretsVaultClientOptions {
  /**
   * The namespace ESO runs in.
   * @default "external-secrets"
   */
  readonly namespace?: string;
  /**
   * Labels of the ESO controller pods.
   * @default { "app.kubernetes.io/name": "external-secrets" } (the official Helm chart)
   */
  readonly podLabels?: Record<string, string>;
}

/**
 * The ESO controller pods as a Vault client: the same namespace and labels `ExternalSecretsEgressPolicy`
 * selects by default, so a Vault-backed SecretStore can reach Vault through {@link vaultAccessManifest}.
 * (The ESO Helm chart sets no `kube-secure-secrets.io/vault-client` label on its pods.)
 */
export function externalSecretsVaultClient(options: ExternalSecretsVaultClientOptions = {}): VaultClientSelector {
  const component = 'VaultAccessPolicy';
  checkObject(component, 'externalSecretsVaultClient options', options, 'an object, e.g. { namespace: "external-secrets" }');
  return {
    namespace: checkNamespace(component, 'externalSecretsVaultClient namespace', options.namespace ?? 'external-secrets'),
    podLabels: labels(component, 'externalSecretsVaultClient podLabels', options.podLabels, { 'app.kubernetes.io/name': 'external-secrets' }),
  };
}

/** Options of {@link vaultAccessManifest}. */
export interface VaultAccessOptions {
  /**
   * The namespace Vault runs in.
   * @default "vault"
   */
  readonly namespace?: string;
  /**
   * Labels of the Vault server pods.
   * @default { "app.kubernetes.io/name": "vault" }
   */
  readonly podLabels?: Record<string, string>;
  /**
   * Vault's API port.
   * @default 8200
   */
  readonly port?: number;
  /**
   * Vault's cluster port, which Vault server pods use among themselves (HA, raft).
   * @default 8201
   */
  readonly clusterPort?: number;
  /**
   * The clients, exactly: each a namespace and the labels of its client pods, e.g.
   * `[injection.vaultClient, externalSecretsVaultClient()]`. Replaces the label-based admission
   * (`clientLabel`, `clientNamespaces`), which cannot be combined with it.
   * @default - pods labelled `clientLabel: "true"` in `clientNamespaces`
   */
  readonly clients?: VaultClientSelector[];
  /**
   * The label a client pod must carry; value `"true"`. `VaultAgentInjection` sets the default one.
   * @default "kube-secure-secrets.io/vault-client"
   */
  readonly clientLabel?: string;
  /**
   * The namespaces labelled clients may be in.
   * @default - any namespace (the label decides)
   */
  readonly clientNamespaces?: string[];
  /**
   * The policy name.
   * @default "vault-client-access"
   */
  readonly name?: string;
}

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * Ingress of the Vault server pods on Vault's API port limited to its clients, and to the Vault pods
 * themselves on the API and cluster ports. The clients are either given exactly (`clients`: a namespace
 * and pod labels each, such as `VaultAgentInjection.vaultClient` and {@link externalSecretsVaultClient})
 * or, by default, every pod labelled `kube-secure-secrets.io/vault-client: "true"` (which
 * `VaultAgentInjection` sets) in any or the listed namespaces.
 */
export function vaultAccessManifest(options: VaultAccessOptions = {}): KubeManifest {
  const component = 'VaultAccessPolicy';
  checkObject(component, 'options', options, 'an object');
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'vault');
  const name = checkObjectName(component, 'name', options.name ?? 'vault-client-access', 'NetworkPolicy name');
  const vaultPods = labels(component, 'podLabels', options.podLabels, { 'app.kubernetes.io/name': 'vault' });
  const port = checkPort(component, 'port', options.port ?? 8200);
  const clusterPort = checkPort(component, 'clusterPort', options.clusterPort ?? 8201);
  let from: Record<string, unknown>[];
  if (options.clients !== undefined) {
    if (options.clientLabel !== undefined || options.clientNamespaces !== undefined) {
      throw new ValidationError(component, 'clients', `is set together with ${options.clientLabel !== undefined ? 'clientLabel' : 'clientNamespaces'}; give the clients exactly (clients) or admit labelled pods (clientLabel, clientNamespaces), not both.`);
    }
    const clients = checkList(component, 'clients', options.clients, 'a Vault client ({ namespace, podLabels })');
    if (clients.length === 0) {
      throw new ValidationError(component, 'clients', 'is empty, which would admit no client at all; list the clients (e.g. [injection.vaultClient, externalSecretsVaultClient()]), or leave clients unset to admit labelled pods.');
    }
    const seen = new Set<string>();
    from = [];
    clients.forEach((client, i) => {
      const c = checkObject(component, `clients[${i}]`, client, 'a Vault client { namespace, podLabels }');
      const ns = checkNamespace(component, `clients[${i}].namespace`, c.namespace);
      if (c.podLabels === undefined) {
        throw new ValidationError(component, `clients[${i}].podLabels`, 'is missing; give the labels of the client pods (an empty selector would admit every pod of the namespace).');
      }
      const podLabels = labels(component, `clients[${i}].podLabels`, c.podLabels as Record<string, string>, {});
      const peer = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } }, podSelector: { matchLabels: podLabels } };
      const key = JSON.stringify([ns, Object.entries(podLabels).sort()]);
      if (!seen.has(key)) {
        seen.add(key);
        from.push(peer);
      }
    });
  } else {
    const clientLabel = options.clientLabel ?? VAULT_CLIENT_LABEL;
    checkStringMap(component, 'clientLabel', { [clientLabel]: 'true' }, 'label');
    const namespaces = options.clientNamespaces === undefined ? undefined
      : checkList(component, 'clientNamespaces', options.clientNamespaces, 'a namespace name').map((ns, i) => checkNamespace(component, `clientNamespaces[${i}]`, ns));
    if (namespaces !== undefined && namespaces.length === 0) {
      throw new ValidationError(component, 'clientNamespaces', 'is empty; leave it unset to accept labelled clients from any namespace.');
    }
    const clientPods = { matchLabels: { [clientLabel]: 'true' } };
    from = namespaces === undefined
      ? [{ namespaceSelector: {}, podSelector: clientPods }]
      : namespaces.map(ns => ({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } }, podSelector: clientPods }));
  }
  return policy(name, namespace, {
    podSelector: { matchLabels: vaultPods },
    policyTypes: ['Ingress'],
    ingress: [
      { from, ports: [{ protocol: 'TCP', port }] },
      { from: [{ podSelector: { matchLabels: vaultPods } }], ports: [{ protocol: 'TCP', port }, { protocol: 'TCP', port: clusterPort }] },
    ],
  });
}
