import { isIP } from 'net';
import { ValidationError, q } from './errors';
import { KubeManifest } from './manifest';
import { checkNamespace, checkObjectName, checkStringMap } from './names';
import { SecretStoreProvider } from './secret-store';

/** API version of NetworkPolicy. */
export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';
/** The label that marks a pod as a Vault client for {@link vaultAccessManifest}. */
export const VAULT_CLIENT_LABEL = 'kube-secure-secrets.io/vault-client';

/** Where cluster DNS runs. */
export interface DnsTarget {
  /**
   * Labels of the namespace cluster DNS runs in.
   * @default { "kubernetes.io/metadata.name": "kube-system" }
   */
  readonly namespaceLabels?: Record<string, string>;
  /**
   * Labels of the DNS pods.
   * @default { "k8s-app": "kube-dns" } (CoreDNS on kubeadm, EKS, GKE and AKS)
   */
  readonly podLabels?: Record<string, string>;
}

/** Options of {@link namespaceIsolationManifests}. */
export interface NamespaceIsolationOptions {
  /** The namespace to isolate. */
  readonly namespace: string;
  /**
   * Where cluster DNS runs.
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * Prefix of the two policy names.
   * @default - none: "default-deny-all" and "allow-dns-egress"
   */
  readonly namePrefix?: string;
}

/** Options of {@link apiServerEgressGuardManifest}. */
export interface ApiServerEgressGuardOptions {
  /** The namespace of the guarded pods. */
  readonly namespace: string;
  /**
   * Labels of the guarded pods.
   * @default - every pod in the namespace
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The addresses the API server is reached at after Service translation: the `kubernetes` Service
   * endpoints (`kubectl get endpoints kubernetes`), as IPs or CIDRs. Add the Service ClusterIP too if
   * your CNI enforces policy before translating it.
   */
  readonly apiServerAddresses: string[];
  /**
   * Block only these ports on the API server addresses (other ports stay reachable). Most clusters
   * serve the API on one port, so blocking the whole address is simpler and the default.
   * @default - every port
   */
  readonly apiServerPorts?: number[];
  /**
   * The destinations the guarded pods may reach, minus the API server.
   * @default ["0.0.0.0/0", "::/0"]
   */
  readonly allowedEgress?: string[];
  /**
   * Where cluster DNS runs (always allowed).
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * The policy name.
   * @default "deny-apiserver-egress"
   */
  readonly name?: string;
}

/** Pods of a Vault installation inside the cluster. */
export interface InClusterVault {
  /** The namespace Vault runs in. */
  readonly namespace: string;
  /**
   * Labels of the Vault server pods.
   * @default { "app.kubernetes.io/name": "vault" } (the official Helm chart)
   */
  readonly podLabels?: Record<string, string>;
  /**
   * The port the Vault pods listen on (the Service may map another).
   * @default 8200
   */
  readonly port?: number;
}

/** Options of {@link externalSecretsEgressManifest}. */
export interface ExternalSecretsEgressOptions {
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
  /** The providers of the stores this controller serves. */
  readonly providers: SecretStoreProvider[];
  /**
   * Where the Kubernetes API server is: CIDRs and port. ESO is a controller and must reach it. On EKS
   * the control-plane network interfaces live in the cluster's subnets (give the VPC CIDR, port 443);
   * on kubeadm clusters give the control-plane nodes and port 6443.
   */
  readonly apiServer: { readonly cidrs: string[]; readonly port?: number };
  /**
   * Destinations of the cloud provider APIs (AWS, Google, Azure), on 443. Narrow it to VPC endpoint
   * CIDRs when the cluster reaches the secret services privately.
   * @default ["0.0.0.0/0"]
   */
  readonly cloudApiCidrs?: string[];
  /**
   * For a Vault provider: Vault running inside the cluster.
   * @default - none (give vaultCidrs for a Vault outside the cluster)
   */
  readonly inClusterVault?: InClusterVault;
  /**
   * For a Vault provider outside the cluster: its addresses.
   * @default - none
   */
  readonly vaultCidrs?: string[];
  /**
   * Where cluster DNS runs.
   * @default - CoreDNS/kube-dns in kube-system
   */
  readonly dns?: DnsTarget;
  /**
   * The policy name.
   * @default "external-secrets-egress"
   */
  readonly name?: string;
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

function checkPort(component: string, prop: string, port: unknown): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw new ValidationError(component, prop, `${q(port)} is not a TCP port (1-65535).`);
  }
  return port as number;
}

/**
 * Normalise an IP or CIDR to CIDR notation.
 * @internal
 */
export function checkCidr(component: string, prop: string, value: unknown): string {
  if (typeof value === 'string') {
    const [ip, bits, ...rest] = value.split('/');
    const family = isIP(ip);
    const max = family === 4 ? 32 : 128;
    if (family !== 0 && rest.length === 0) {
      if (bits === undefined) {
        return `${ip}/${max}`;
      }
      const n = Number(bits);
      if (/^\d+$/.test(bits) && n >= 0 && n <= max) {
        return value;
      }
    }
  }
  throw new ValidationError(component, prop, `${q(value)} is not an IP address or CIDR; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".`);
}

function familyOf(cidr: string): 4 | 6 {
  return isIP(cidr.split('/')[0]) === 4 ? 4 : 6;
}

function labels(component: string, prop: string, value: Record<string, string> | undefined, fallback: Record<string, string>) {
  const checked = checkStringMap(component, prop, value ?? fallback, 'label');
  if (value !== undefined && Object.keys(checked).length === 0) {
    throw new ValidationError(component, prop, 'is empty, which would select every pod; give the labels of the pods meant, or leave it unset for the default.');
  }
  return checked;
}

function dnsRule(component: string, dns: DnsTarget | undefined): Record<string, unknown> {
  return {
    to: [{
      namespaceSelector: { matchLabels: labels(component, 'dns.namespaceLabels', dns?.namespaceLabels, { 'kubernetes.io/metadata.name': 'kube-system' }) },
      podSelector: { matchLabels: labels(component, 'dns.podLabels', dns?.podLabels, { 'k8s-app': 'kube-dns' }) },
    }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

function policy(name: string, namespace: string, spec: Record<string, unknown>): KubeManifest {
  return { apiVersion: NETWORK_POLICY_API_VERSION, kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/**
 * Namespace isolation: a default-deny policy for ingress and egress of every pod in the namespace, and
 * a policy that allows DNS lookups to cluster DNS. Allow the traffic each workload needs with further
 * policies; NetworkPolicies add up.
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export function namespaceIsolationManifests(options: NamespaceIsolationOptions): KubeManifest[] {
  const component = 'NamespaceIsolation';
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const prefix = options.namePrefix === undefined ? '' : `${options.namePrefix}-`;
  return [
    policy(checkObjectName(component, 'namePrefix', `${prefix}default-deny-all`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    }),
    policy(checkObjectName(component, 'namePrefix', `${prefix}allow-dns-egress`, 'NetworkPolicy name'), namespace, {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [dnsRule(component, options.dns)],
    }),
  ];
}

/**
 * An egress policy for workloads that never call the Kubernetes API: they may reach `allowedEgress`
 * except the API server addresses (all ports, or only `apiServerPorts`), plus cluster DNS. A stolen
 * ServiceAccount token is then useless from inside the pod.
 */
export function apiServerEgressGuardManifest(options: ApiServerEgressGuardOptions): KubeManifest {
  const component = 'ApiServerEgressGuard';
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const name = checkObjectName(component, 'name', options.name ?? 'deny-apiserver-egress', 'NetworkPolicy name');
  if (!Array.isArray(options.apiServerAddresses) || options.apiServerAddresses.length === 0) {
    throw new ValidationError(component, 'apiServerAddresses', 'is empty; give the addresses of the kubernetes Service endpoints (kubectl get endpoints kubernetes -n default).');
  }
  const api = options.apiServerAddresses.map((a, i) => checkCidr(component, `apiServerAddresses[${i}]`, a));
  const allowed = (options.allowedEgress ?? ['0.0.0.0/0', '::/0']).map((a, i) => checkCidr(component, `allowedEgress[${i}]`, a));
  const ports = options.apiServerPorts?.map((p, i) => checkPort(component, `apiServerPorts[${i}]`, p));
  if (ports !== undefined && ports.length === 0) {
    throw new ValidationError(component, 'apiServerPorts', 'is empty; leave it unset to block every port of the API server addresses.');
  }
  const podSelector = options.podLabels === undefined ? {} : { matchLabels: labels(component, 'podLabels', options.podLabels, {}) };

  const egress: Record<string, unknown>[] = [dnsRule(component, options.dns)];
  egress.push({
    to: allowed.map(cidr => {
      const except = api.filter(a => familyOf(a) === familyOf(cidr));
      return { ipBlock: { cidr, ...(except.length > 0 ? { except } : {}) } };
    }),
  });
  if (ports !== undefined) {
    // Everything but the blocked ports stays reachable on the API server addresses, as port ranges.
    const sorted = [...new Set(ports)].sort((a, b) => a - b);
    const ranges: Array<{ protocol: string; port: number; endPort?: number }> = [];
    let next = 1;
    for (const p of [...sorted, 65536]) {
      if (p > next) {
        ranges.push(p - 1 === next ? { protocol: 'TCP', port: next } : { protocol: 'TCP', port: next, endPort: p - 1 });
      }
      next = p + 1;
    }
    egress.push({ to: api.map(cidr => ({ ipBlock: { cidr } })), ports: [...ranges, { protocol: 'UDP', port: 1, endPort: 65535 }] });
  }
  return policy(name, namespace, { podSelector, policyTypes: ['Egress'], egress });
}

/**
 * Egress of the External Secrets Operator controller limited to what it needs: cluster DNS, the
 * Kubernetes API, the cloud secret APIs on 443 (AWS, Google, Azure providers) and the Vault servers on
 * their port (Vault providers).
 */
export function externalSecretsEgressManifest(options: ExternalSecretsEgressOptions): KubeManifest {
  const component = 'ExternalSecretsEgressPolicy';
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'external-secrets');
  const name = checkObjectName(component, 'name', options.name ?? 'external-secrets-egress', 'NetworkPolicy name');
  if (!Array.isArray(options.providers) || options.providers.length === 0) {
    throw new ValidationError(component, 'providers', 'is empty; pass the providers of the stores this controller serves (store.provider).');
  }
  options.providers.forEach((p, i) => {
    if (!(p instanceof SecretStoreProvider)) {
      throw new ValidationError(component, `providers[${i}]`, 'must be a SecretStoreProvider.');
    }
  });
  if (!options.apiServer || !Array.isArray(options.apiServer.cidrs) || options.apiServer.cidrs.length === 0) {
    throw new ValidationError(component, 'apiServer.cidrs', 'is empty; ESO is a controller and must reach the Kubernetes API. Give its addresses (EKS: the VPC CIDR, port 443; kubeadm: the control-plane nodes, port 6443).');
  }
  const apiCidrs = options.apiServer.cidrs.map((c, i) => checkCidr(component, `apiServer.cidrs[${i}]`, c));
  const apiPort = checkPort(component, 'apiServer.port', options.apiServer.port ?? 443);

  const egress: Record<string, unknown>[] = [
    dnsRule(component, options.dns),
    { to: apiCidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: apiPort }] },
  ];
  if (options.providers.some(p => p.endpoint.type === 'https-any')) {
    const cidrs = (options.cloudApiCidrs ?? ['0.0.0.0/0']).map((c, i) => checkCidr(component, `cloudApiCidrs[${i}]`, c));
    egress.push({ to: cidrs.map(cidr => ({ ipBlock: { cidr } })), ports: [{ protocol: 'TCP', port: 443 }] });
  }
  const vaultPorts = [...new Set(options.providers.filter(p => p.endpoint.type === 'url').map(p => p.endpoint.port))].sort((a, b) => a - b);
  if (vaultPorts.length > 0) {
    if (options.inClusterVault) {
      const v = options.inClusterVault;
      egress.push({
        to: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': checkNamespace(component, 'inClusterVault.namespace', v.namespace) } },
          podSelector: { matchLabels: labels(component, 'inClusterVault.podLabels', v.podLabels, { 'app.kubernetes.io/name': 'vault' }) },
        }],
        ports: [{ protocol: 'TCP', port: checkPort(component, 'inClusterVault.port', v.port ?? 8200) }],
      });
    } else if (options.vaultCidrs && options.vaultCidrs.length > 0) {
      egress.push({
        to: options.vaultCidrs.map((c, i) => ({ ipBlock: { cidr: checkCidr(component, `vaultCidrs[${i}]`, c) } })),
        ports: vaultPorts.map(port => ({ protocol: 'TCP', port })),
      });
    } else {
      throw new ValidationError(component, 'inClusterVault', 'and vaultCidrs are both unset, but a Vault provider is used; say where Vault runs (inClusterVault: { namespace } or vaultCidrs).');
    }
  }
  return policy(name, namespace, {
    podSelector: { matchLabels: labels(component, 'podLabels', options.podLabels, { 'app.kubernetes.io/name': 'external-secrets' }) },
    policyTypes: ['Egress'],
    egress,
  });
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
