import { ValidationError } from '../errors';
import { KubeManifest } from '../manifest';
import { DnsTarget, checkCidr, checkPort, dnsRule, familyOf, labels, policy } from './common';
import { checkNamespace, checkObjectName } from '../validate/names';

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
