/**
 * IP addresses and CIDRs, parsed and compared with ipaddr.js (no hand-written IP arithmetic).
 */
import * as ipaddr from 'ipaddr.js';
import { ValidationError, q } from '../errors';

/**
 * A parsed CIDR block.
 * @internal
 */
export interface Cidr {
  /** The block as written in manifests: the network address and prefix length (`10.0.0.0/16`, `fd00::/8`). */
  readonly text: string;
  /** IPv4 or IPv6. */
  readonly family: 4 | 6;
  /** The prefix length. */
  readonly prefix: number;
  /** The first address of the block, as a number. */
  readonly first: bigint;
  /** The last address of the block, as a number. */
  readonly last: bigint;
}

function toBigInt(address: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return address.toByteArray().reduce((n, byte) => n * 256n + BigInt(byte), 0n);
}

function bitsOf(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** What {@link readCidr} found in a text. */
type CidrReading =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly why?: string; readonly network?: string; readonly ip?: string; readonly prefix?: number };

/**
 * Read an IP address or CIDR without throwing (the rules of {@link parseCidr}).
 */
function readCidr(value: unknown): CidrReading {
  if (typeof value !== 'string' || value.trim() !== value || value === '') {
    return { ok: false };
  }
  const slash = value.indexOf('/');
  const ipText = slash < 0 ? value : value.slice(0, slash);
  const prefixText = slash < 0 ? undefined : value.slice(slash + 1);
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(ipText)) {
    address = ipaddr.IPv4.parse(ipText);
  } else if (ipText.includes(':') && !ipText.includes('%') && ipaddr.IPv6.isValid(ipText)) {
    // A zone (`fe80::1%eth0`) names an interface of one host; neither a NetworkPolicy nor AWS accepts it.
    address = ipaddr.IPv6.parse(ipText);
    if ((address as ipaddr.IPv6).isIPv4MappedAddress()) {
      return { ok: false, why: 'is an IPv4-mapped IPv6 address; write the IPv4 address instead' };
    }
  } else {
    return { ok: false };
  }
  const family: 4 | 6 = address.kind() === 'ipv4' ? 4 : 6;
  const max = bitsOf(family);
  if (prefixText !== undefined && !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) {
    return { ok: false };
  }
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) {
    return { ok: false };
  }
  const asNumber = toBigInt(address);
  const size = 2n ** BigInt(max - prefix);
  const first = asNumber - (asNumber % size);
  if (first !== asNumber) {
    const network = family === 4
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ipText}/${prefix}`).toString()
      : ipaddr.IPv6.networkAddressFromCIDR(`${ipText}/${prefix}`).toString();
    return { ok: false, network, ip: ipText, prefix };
  }
  return { ok: true, cidr: { text: `${address.toString()}/${prefix}`, family, prefix, first, last: first + size - 1n } };
}

type HostBits = { readonly network?: string; readonly ip?: string; readonly prefix?: number };

function hostBitsError(component: string, prop: string, value: unknown, reading: HostBits): ValidationError {
  return new ValidationError(component, prop, `${q(value)} has host bits set; the block it means is "${reading.network}/${reading.prefix}" (write that, or the single address "${reading.ip}").`);
}

/**
 * Parse an IP address (taken as a single-address block, /32 or /128) or a CIDR. Only the standard forms
 * are accepted: four decimal parts for IPv4 (no octal or hexadecimal spellings, which other parsers read
 * differently), and IPv4-mapped IPv6 addresses are refused (the API server reads them as IPv4). The host
 * bits of a CIDR must be zero (`10.0.1.0/24`, not `10.0.1.15/24`): the API server masks them, which
 * hides a typo. An IPv6 zone (`fe80::1%eth0`) is refused. The result's `text` is the canonical form
 * (RFC 5952 for IPv6), which is what the API server's strict CIDR validation (`parseCIDR` in
 * kubernetes/kubernetes `staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go`: no leading zeros,
 * no IPv4-mapped address, no bits beyond the prefix) accepts.
 * @internal
 */
export function parseCidr(component: string, prop: string, value: unknown): Cidr {
  const reading = readCidr(value);
  if (reading.ok) {
    return reading.cidr;
  }
  if (reading.network !== undefined) {
    throw hostBitsError(component, prop, value, reading);
  }
  throw new ValidationError(component, prop, `${q(value)} ${reading.why ?? 'is not an IP address or CIDR'}; expected e.g. "10.0.0.1", "10.0.0.0/16" or "fd00::/8".`);
}

/**
 * Parse a CIDR of one address family, written with its prefix length (`203.0.113.0/24`, not a bare
 * address). Anything else is refused with `notCidr` (the detail after the quoted value); host bits set get
 * the message of {@link parseCidr}.
 * @internal
 */
export function parseCidrOfFamily(component: string, prop: string, value: unknown, family: 4 | 6, notCidr: string): Cidr {
  const reading = typeof value === 'string' && value.includes('/') ? readCidr(value) : { ok: false as const };
  if (reading.ok && reading.cidr.family === family) {
    return reading.cidr;
  }
  if (!reading.ok && reading.network !== undefined && reading.network.includes(':') === (family === 6)) {
    throw hostBitsError(component, prop, value, reading);
  }
  throw new ValidationError(component, prop, `${q(value)} ${notCidr}`);
}

/**
 * Whether `inner` lies inside `outer` (equal blocks included).
 * @internal
 */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && outer.first <= inner.first && inner.last <= outer.last;
}

/**
 * Whether `inner` is a strict subset of `outer`: inside it and with a longer prefix. This is the rule
 * Kubernetes applies to every `ipBlock.except` entry (`ValidateIPBlock` in kubernetes/kubernetes
 * `pkg/apis/networking/validation/validation.go`).
 * @internal
 */
export function cidrIsStrictSubset(inner: Cidr, outer: Cidr): boolean {
  return cidrContains(outer, inner) && inner.prefix > outer.prefix;
}

/**
 * Whether two blocks share at least one address.
 * @internal
 */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

/**
 * Whether the blocks of one family together cover every address of that family (e.g. `0.0.0.0/1` + `128.0.0.0/1`).
 * @internal
 */
export function cidrsCoverFamily(cidrs: readonly Cidr[], family: 4 | 6): boolean {
  const ranges = cidrs.filter(c => c.family === family).map(c => [c.first, c.last] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const end = 2n ** BigInt(bitsOf(family)) - 1n;
  let next = 0n;
  for (const [first, last] of ranges) {
    if (first > next) {
      return false;
    }
    if (last + 1n > next) {
      next = last + 1n;
    }
    if (next > end) {
      return true;
    }
  }
  return false;
}

/**
 * The number of addresses a block holds.
 * @internal
 */
export function cidrSize(cidr: Cidr): bigint {
  return cidr.last - cidr.first + 1n;
}
