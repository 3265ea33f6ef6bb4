/**
 * VaultAccessPolicy admits exactly the pods the library makes Vault clients: injected workloads (by the
 * label VaultAgentInjection puts on them, or their `vaultClient`) and the ESO controller (by the namespace
 * and labels ExternalSecretsEgressPolicy selects). Proved by evaluating the NetworkPolicy, not by reading it.
 */
import {
  SecretStoreProvider, VAULT_CLIENT_LABEL, externalSecretsEgressManifest, externalSecretsVaultClient, vaultAccessManifest, vaultAgentInjection,
} from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

/** A pod as NetworkPolicy sees it. */
export interface PodRef {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  /** Labels of its namespace besides the automatic `kubernetes.io/metadata.name`. */
  readonly namespaceLabels?: Record<string, string>;
}

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/** LabelSelector semantics (k8s.io/apimachinery `metav1.LabelSelectorAsSelector`): `{}` selects everything. */
function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
  if (!selector) {
    return false;
  }
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) {
      return false;
    }
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const ok = e.operator === 'In' ? has && e.values!.includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !e.values!.includes(labels[e.key])
        : e.operator === 'Exists' ? has : !has;
    if (!ok) {
      return false;
    }
  }
  return true;
}

function namespaceLabelsOf(pod: PodRef): Record<string, string> {
  return { ...pod.namespaceLabels, 'kubernetes.io/metadata.name': pod.namespace };
}

/**
 * Whether `source` may open a TCP connection to `target` on `port`, under NetworkPolicy ingress semantics
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/): a pod selected by no
 * Ingress policy accepts everything; otherwise some rule of a selecting policy must admit the peer and the
 * port. A peer with both selectors needs both; a podSelector alone means the policy's namespace.
 */
export function ingressAllowed(policies: any[], target: PodRef, source: PodRef, port: number): boolean {
  const applicable = policies.filter(p => p.kind === 'NetworkPolicy' && p.metadata.namespace === target.namespace
    && selects(p.spec.podSelector, target.labels) && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (applicable.length === 0) {
    return true;
  }
  return applicable.some(p => (p.spec.ingress ?? []).some((rule: any) => {
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((pp: any) => (pp.protocol ?? 'TCP') === 'TCP' && (pp.port === undefined || pp.port === port));
    const peerOk = !rule.from || rule.from.length === 0 || rule.from.some((peer: any) => {
      if (peer.ipBlock) {
        return false;
      }
      const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabelsOf(source)) : source.namespace === p.metadata.namespace;
      const podOk = peer.podSelector ? selects(peer.podSelector, source.labels) : true;
      return nsOk && podOk;
    });
    return portOk && peerOk;
  }));
}

const vaultPod: PodRef = { namespace: 'vault', labels: { 'app.kubernetes.io/name': 'vault' } };
const eso = externalSecretsVaultClient();
const esoPod: PodRef = { namespace: eso.namespace, labels: { ...eso.podLabels, 'app.kubernetes.io/instance': 'external-secrets' } };
const injection = vaultAgentInjection({ role: 'api', serviceAccountName: 'api', namespace: 'payments', secrets: [{ name: 'db', path: 'kv/db' }] });
const injectedPod: PodRef = { namespace: 'payments', labels: { app: 'api', ...injection.podLabels } };
const plainPod: PodRef = { namespace: 'payments', labels: { app: 'web' } };

describe('VaultAccessPolicy admits exactly the library\'s Vault clients', () => {
  test('the ESO client selects what ExternalSecretsEgressPolicy selects, by default and with options', () => {
    const provider = SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' });
    for (const opts of [{}, { namespace: 'eso', podLabels: { 'app.kubernetes.io/name': 'eso', 'tier': 'platform' } }]) {
      const egress = externalSecretsEgressManifest({ ...opts, providers: [provider], apiServer: { cidrs: ['10.0.0.0/16'] }, inClusterVault: { namespace: 'vault' } });
      const client = externalSecretsVaultClient(opts);
      expect(client.namespace).toBe(egress.metadata.namespace);
      expect({ matchLabels: client.podLabels }).toEqual((egress.spec as any).podSelector);
    }
  });

  test('the injected pods carry the label the default policy admits; other pods do not get in', () => {
    expect(injection.podLabels).toEqual({ [VAULT_CLIENT_LABEL]: 'true' });
    const policy = vaultAccessManifest();
    expect(ingressAllowed([policy], vaultPod, injectedPod, 8200)).toBe(true);
    expect(ingressAllowed([policy], vaultPod, plainPod, 8200)).toBe(false);
    expect(ingressAllowed([policy], vaultPod, injectedPod, 8201)).toBe(false);
    // The ESO Helm chart's pods carry no client label: the default policy does not admit them (give clients).
    expect(ingressAllowed([policy], vaultPod, esoPod, 8200)).toBe(false);
    expect(ingressAllowed([policy], vaultPod, vaultPod, 8201)).toBe(true);
  });

  test('explicit clients: the injection and the ESO controller, and nothing else', () => {
    const policy = vaultAccessManifest({ clients: [injection.vaultClient, eso, injection.vaultClient] });
    expectValidManifests([policy]);
    expect((policy.spec as any).ingress[0].from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'payments' } }, podSelector: { matchLabels: { [VAULT_CLIENT_LABEL]: 'true' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'external-secrets' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'external-secrets' } } },
    ]);
    expect(ingressAllowed([policy], vaultPod, injectedPod, 8200)).toBe(true);
    expect(ingressAllowed([policy], vaultPod, esoPod, 8200)).toBe(true);
    expect(ingressAllowed([policy], vaultPod, plainPod, 8200)).toBe(false);
    // The same labels in another namespace are not the client.
    expect(ingressAllowed([policy], vaultPod, { ...injectedPod, namespace: 'other' }, 8200)).toBe(false);
    expect(ingressAllowed([policy], vaultPod, { ...esoPod, namespace: 'payments' }, 8200)).toBe(false);
    // A namespace that forges the name label still has its own kubernetes.io/metadata.name.
    expect(ingressAllowed([policy], vaultPod, { ...esoPod, namespace: 'attacker', namespaceLabels: { 'kubernetes.io/metadata.name': 'external-secrets' } }, 8200)).toBe(false);
    expect(ingressAllowed([policy], vaultPod, esoPod, 8201)).toBe(false);
  });

  test.each<[string, () => unknown, string]>([
    ['clients with clientNamespaces', () => vaultAccessManifest({ clients: [eso], clientNamespaces: ['payments'] }),
      'VaultAccessPolicy: clients is set together with clientNamespaces; give the clients exactly (clients) or admit labelled pods (clientLabel, clientNamespaces), not both.'],
    ['no clients', () => vaultAccessManifest({ clients: [] }),
      'VaultAccessPolicy: clients is empty, which would admit no client at all; list the clients (e.g. [injection.vaultClient, externalSecretsVaultClient()]), or leave clients unset to admit labelled pods.'],
    ['a client without labels', () => vaultAccessManifest({ clients: [{ namespace: 'payments' } as any] }),
      'VaultAccessPolicy: clients[0].podLabels is missing; give the labels of the client pods (an empty selector would admit every pod of the namespace).'],
    ['a client with empty labels', () => vaultAccessManifest({ clients: [{ namespace: 'payments', podLabels: {} }] }),
      'VaultAccessPolicy: clients[0].podLabels is empty, which would select every pod; give the labels of the pods meant, or leave it unset for the default.'],
    ['a null client', () => vaultAccessManifest({ clients: [null as any] }),
      'VaultAccessPolicy: clients[0] is null; every entry of clients must be a Vault client ({ namespace, podLabels }).'],
    ['clients as a string', () => vaultAccessManifest({ clients: 'payments' as any }),
      'VaultAccessPolicy: clients must be a list of a Vault client ({ namespace, podLabels }); received a string "payments" (wrap a single value in [ ]).'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});
