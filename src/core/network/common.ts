import { ValidationError, q } from '../errors';
import { KubeManifest } from '../manifest';
import { parseCidr } from '../validate/cidr';
import { checkStringMap } from '../validate/names';

/** API version of NetworkPolicy. */
export const NETWORK_POLICY_API_VERSION = 'networking.k8s.io/v1';
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

/**
 * Check a TCP port (1-65535).
 * @internal
 */
export function checkPort(component: string, prop: string, port: unknown): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw new ValidationError(component, prop, `${q(port)} is not a TCP port (1-65535).`);
  }
  return port as number;
}

/**
 * Check an IP or CIDR and return it in CIDR notation.
 * @internal
 */
export function checkCidr(component: string, prop: string, value: unknown): string {
  return parseCidr(component, prop, value).text;
}

/**
 * The address family of a CIDR in canonical form.
 * @internal
 */
export function familyOf(cidr: string): 4 | 6 {
  return cidr.includes(':') ? 6 : 4;
}

/**
 * Check a label selector's labels, refusing an explicitly empty map (it would select every pod).
 * @internal
 */
export function labels(component: string, prop: string, value: Record<string, string> | undefined, fallback: Record<string, string>) {
  const checked = checkStringMap(component, prop, value ?? fallback, 'label');
  if (value !== undefined && Object.keys(checked).length === 0) {
    throw new ValidationError(component, prop, 'is empty, which would select every pod; give the labels of the pods meant, or leave it unset for the default.');
  }
  return checked;
}

/**
 * The egress rule to cluster DNS (UDP and TCP 53).
 * @internal
 */
export function dnsRule(component: string, dns: DnsTarget | undefined): Record<string, unknown> {
  return {
    to: [{
      namespaceSelector: { matchLabels: labels(component, 'dns.namespaceLabels', dns?.namespaceLabels, { 'kubernetes.io/metadata.name': 'kube-system' }) },
      podSelector: { matchLabels: labels(component, 'dns.podLabels', dns?.podLabels, { 'k8s-app': 'kube-dns' }) },
    }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

/**
 * A NetworkPolicy manifest.
 * @internal
 */
export function policy(name: string, namespace: string, spec: Record<string, unknown>): KubeManifest {
  return { apiVersion: NETWORK_POLICY_API_VERSION, kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}
