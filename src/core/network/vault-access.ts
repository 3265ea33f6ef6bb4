import { ValidationError } from '../errors';
import { KubeManifest } from '../manifest';
import { checkPort, labels, policy } from './common';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';

/** The label that marks a pod as a Vault client for {@link vaultAccessManifest}. */
export const VAULT_CLIENT_LABEL = 'kube-secure-secrets.io/vault-client';
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
   * The label a client pod must carry; value `"true"`.
   * @default "kube-secure-secrets.io/vault-client"
   */
  readonly clientLabel?: string;
  /**
   * The namespaces clients may be in.
   * @default - any namespace (the label decides)
   */
  readonly clientNamespaces?: string[];
  /**
   * The policy name.
   * @default "vault-client-access"
   */
  readonly name?: string;
}

/**
 * Ingress of the Vault server pods limited to client pods labelled
 * `kube-secure-secrets.io/vault-client: "true"` (in any or the listed namespaces) on Vault's API port, and
 * to the Vault pods themselves on the API and cluster ports.
 */
export function vaultAccessManifest(options: VaultAccessOptions = {}): KubeManifest {
  const component = 'VaultAccessPolicy';
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'vault');
  const name = checkObjectName(component, 'name', options.name ?? 'vault-client-access', 'NetworkPolicy name');
  const vaultPods = labels(component, 'podLabels', options.podLabels, { 'app.kubernetes.io/name': 'vault' });
  const port = checkPort(component, 'port', options.port ?? 8200);
  const clusterPort = checkPort(component, 'clusterPort', options.clusterPort ?? 8201);
  const clientLabel = options.clientLabel ?? VAULT_CLIENT_LABEL;
  checkStringMap(component, 'clientLabel', { [clientLabel]: 'true' }, 'label');
  const namespaces = options.clientNamespaces?.map((ns, i) => checkNamespace(component, `clientNamespaces[${i}]`, ns));
  if (namespaces !== undefined && namespaces.length === 0) {
    throw new ValidationError(component, 'clientNamespaces', 'is empty; leave it unset to accept labelled clients from any namespace.');
  }
  const clientPods = { matchLabels: { [clientLabel]: 'true' } };
  const from = namespaces === undefined
    ? [{ namespaceSelector: {}, podSelector: clientPods }]
    : namespaces.map(ns => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } }, podSelector: clientPods }));
  return policy(name, namespace, {
    podSelector: { matchLabels: vaultPods },
    policyTypes: ['Ingress'],
    ingress: [
      { from, ports: [{ protocol: 'TCP', port }] },
      { from: [{ podSelector: { matchLabels: vaultPods } }], ports: [{ protocol: 'TCP', port }, { protocol: 'TCP', port: clusterPort }] },
    ],
  });
}
