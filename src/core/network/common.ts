import { ValidationError, q } from '../errors';
import { LabelSelector } from '../eso/conditions';
import { KubeManifest } from '../manifest';
import { Cidr, cidrsCoverFamily, parseCidr } from '../validate/cidr';
import { checkStringMap } from '../validate/names';
import { checkList, checkObject } from '../validate/values';

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

/** A protocol a NetworkPolicy port matches. */
export type NetworkProtocol = 'TCP' | 'UDP' | 'SCTP';

/** An IP block peer: the addresses of `cidr` except those of the `except` blocks. */
export interface IpBlock {
  /** The block, e.g. `10.0.0.0/16`. */
  readonly cidr: string;
  /**
   * Blocks inside `cidr` that are not part of the peer; each must be a strict subset of `cidr`.
   * @default - none
   */
  readonly except?: string[];
}

/** A peer of a NetworkPolicy rule: pods (by namespace and pod selectors) or an IP block. */
export interface NetworkPolicyPeer {
  /**
   * Pods (in the policy's namespace, or in the namespaces of `namespaceSelector`).
   * @default - every pod of the selected namespaces
   */
  readonly podSelector?: LabelSelector;
  /**
   * Namespaces whose pods are peers.
   * @default - the policy's own namespace (when `podSelector` is set)
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * An IP block (never combined with the selectors).
   * @default - none
   */
  readonly ipBlock?: IpBlock;
}

/** A port (or port range) of a NetworkPolicy rule. */
export interface NetworkPolicyPort {
  /**
   * The protocol.
   * @default "TCP"
   */
  readonly protocol?: NetworkProtocol;
  /**
   * The port, or the first port of a range.
   * @default - every port of the protocol
   */
  readonly port?: number;
  /**
   * The last port of a range.
   * @default - only `port`
   */
  readonly endPort?: number;
}

/** An egress rule: traffic to any of `to` on any of `ports` is allowed. */
export interface NetworkPolicyEgressRule {
  /**
   * The destinations.
   * @default - every destination
   */
  readonly to?: NetworkPolicyPeer[];
  /**
   * The ports.
   * @default - every port
   */
  readonly ports?: NetworkPolicyPort[];
}

/** An ingress rule: traffic from any of `from` on any of `ports` is allowed. */
export interface NetworkPolicyIngressRule {
  /**
   * The sources.
   * @default - every source
   */
  readonly from?: NetworkPolicyPeer[];
  /**
   * The ports.
   * @default - every port
   */
  readonly ports?: NetworkPolicyPort[];
}

/** The spec of a NetworkPolicy. */
export interface NetworkPolicySpec {
  /** The pods of the policy's namespace the policy applies to (`{}`: every pod). */
  readonly podSelector: LabelSelector;
  /** The directions in which the selected pods become isolated. */
  readonly policyTypes: Array<'Ingress' | 'Egress'>;
  /**
   * Allowed ingress.
   * @default - none
   */
  readonly ingress?: NetworkPolicyIngressRule[];
  /**
   * Allowed egress.
   * @default - none
   */
  readonly egress?: NetworkPolicyEgressRule[];
}

/** The metadata of a NetworkPolicy built by the core. */
export interface NetworkPolicyMetadata {
  /** The policy name. */
  readonly name: string;
  /** The namespace of the policy (and of the pods it selects). */
  readonly namespace: string;
}

/** A NetworkPolicy manifest as the core builders return it. */
export interface NetworkPolicyManifest extends KubeManifest {
  /** Always `networking.k8s.io/v1`. */
  readonly apiVersion: 'networking.k8s.io/v1';
  /** Always `NetworkPolicy`. */
  readonly kind: 'NetworkPolicy';
  /** Name and namespace. */
  readonly metadata: NetworkPolicyMetadata;
  /** The policy. */
  readonly spec: NetworkPolicySpec;
}

/**
 * Check the props object of a network builder: a plain object (`undefined` gives `{}` when `optional`).
 * Only the shape is checked here; every field is checked by the builder that reads it.
 * @internal
 */
export function networkProps<T extends object>(component: string, props: T | undefined, optional: boolean): T {
  if (props === undefined && optional) {
    return {} as T;
  }
  return checkObject(component, 'props', props, 'an object') as T;
}

/**
 * Check an optional nested object prop (`dns`, `inClusterVault`, ...): `undefined` stays undefined.
 * @internal
 */
export function optionalObject<T extends object>(component: string, prop: string, value: T | undefined): Partial<T> | undefined {
  return value === undefined ? undefined : checkObject(component, prop, value, 'an object') as Partial<T>;
}

/**
 * Check a port (1-65535) of a protocol (TCP unless told).
 * @internal
 */
export function checkPort(component: string, prop: string, port: unknown, protocol: NetworkProtocol = 'TCP'): number {
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    throw new ValidationError(component, prop, `${q(port)} is not a ${protocol} port (1-65535).`);
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
 * Check a list of IPs or CIDRs (a real array without holes, every entry parsed with ipaddr.js).
 * @internal
 */
export function checkCidrList(component: string, prop: string, value: unknown): Cidr[] {
  return checkList(component, prop, value, 'IP addresses or CIDRs (strings)').map((c, i) => parseCidr(component, `${prop}[${i}]`, c));
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
 * `undefined` gives the fallback; `null` is refused like any other non-map.
 * @internal
 */
export function labels(component: string, prop: string, value: Record<string, string> | undefined, fallback: Record<string, string>) {
  const checked = checkStringMap(component, prop, value === undefined ? fallback : value, 'label');
  if (value !== undefined && Object.keys(checked).length === 0) {
    throw new ValidationError(component, prop, 'is empty, which would select every pod; give the labels of the pods meant, or leave it unset for the default.');
  }
  return checked;
}

/**
 * The egress rule to cluster DNS (UDP and TCP 53).
 * @internal
 */
export function dnsRule(component: string, dns: DnsTarget | undefined): NetworkPolicyEgressRule {
  const target = optionalObject(component, 'dns', dns);
  return {
    to: [{
      namespaceSelector: { matchLabels: labels(component, 'dns.namespaceLabels', target?.namespaceLabels, { 'kubernetes.io/metadata.name': 'kube-system' }) },
      podSelector: { matchLabels: labels(component, 'dns.podLabels', target?.podLabels, { 'k8s-app': 'kube-dns' }) },
    }],
    ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
  };
}

/**
 * A NetworkPolicy manifest.
 * @internal
 */
export function policy(name: string, namespace: string, spec: NetworkPolicySpec): NetworkPolicyManifest {
  return { apiVersion: NETWORK_POLICY_API_VERSION, kind: 'NetworkPolicy', metadata: { name, namespace }, spec };
}

/**
 * What one prop of a builder lets the selected pods reach: blocks, on some ports (every port when
 * `ports` is unset).
 * @internal
 */
export interface EgressGrant {
  /** The list prop the blocks come from, e.g. `allowedEgress` or `cloudApiCidrs`. */
  readonly prop: string;
  /** The blocks. */
  readonly cidrs: readonly Cidr[];
  /** Where each block was given, e.g. `allowedEgress[0]` or `allowedEgress[2].cidrs[1]` (same order as `cidrs`). */
  readonly blockProps: readonly string[];
  /** The ports, each with an explicit protocol; unset: every port of every protocol. */
  readonly ports?: readonly NetworkPolicyPort[];
}

const PROTOCOLS: NetworkProtocol[] = ['TCP', 'UDP', 'SCTP'];

function portMatches(p: NetworkPolicyPort, protocol: NetworkProtocol, port: number): boolean {
  return (p.protocol ?? 'TCP') === protocol && (p.port === undefined || (p.port <= port && port <= (p.endPort ?? p.port)));
}

/**
 * Refuse grants that together let the pods reach every address of a family (`0.0.0.0/0`, `::/0`, or
 * blocks that add up to it, such as `0.0.0.0/1` + `128.0.0.0/1`) on some port, unless `allowAll` (the
 * builder's `allowAllAddresses: true`). Decided by evaluating: for every protocol and every port where
 * the set of grants changes, the union of the blocks that reach it is compared with the whole family.
 * @internal
 */
export function checkNotEveryAddress(component: string, grants: readonly EgressGrant[], allowAll: boolean): void {
  if (allowAll) {
    return;
  }
  const candidates = new Set<number>([1]);
  for (const g of grants) {
    for (const p of g.ports ?? []) {
      if (p.port !== undefined) {
        candidates.add(p.port);
        const after = (p.endPort ?? p.port) + 1;
        if (after <= 65535) {
          candidates.add(after);
        }
      }
    }
  }
  for (const protocol of PROTOCOLS) {
    for (const port of [...candidates].sort((a, b) => a - b)) {
      const reaching = grants.filter(g => g.ports === undefined || g.ports.some(p => portMatches(p, protocol, port)));
      for (const family of [4, 6] as const) {
        let blocks = reaching.flatMap(g => g.cidrs.filter(c => c.family === family).map(c => ({ prop: g.prop, cidr: c })));
        if (!cidrsCoverFamily(blocks.map(b => b.cidr), family)) {
          continue;
        }
        // Name only the blocks that are needed: drop each one the rest still covers the family without.
        for (const block of [...blocks]) {
          const rest = blocks.filter(b => b !== block);
          if (cidrsCoverFamily(rest.map(b => b.cidr), family)) {
            blocks = rest;
          }
        }
        const props = [...new Set(blocks.map(b => b.prop))];
        const everyPort = reaching.filter(g => props.includes(g.prop)).every(g => g.ports === undefined);
        const where = everyPort ? 'on every port' : `on ${protocol} port ${port}`;
        const verb = props.length > 1 ? 'together cover' : 'covers';
        throw new ValidationError(component, props.join(' and '),
          `${verb} every IPv${family} address (${blocks.map(b => q(b.cidr.text)).join(', ')}) ${where}: that opens egress to any destination of the family, `
          + 'including the instance metadata service and, with most CNIs, every pod of the cluster. List the ranges the pods need (VPC endpoint CIDRs, '
          + 'EgressTarget.eksPodIdentityAgent(), ...), or set allowAllAddresses: true to allow every address deliberately.');
      }
    }
  }
}
