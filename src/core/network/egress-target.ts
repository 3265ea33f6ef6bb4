import { ValidationError, q, typeOf } from '../errors';
import { EgressGrant, NetworkPolicyPort, NetworkProtocol, checkCidrList, checkPort } from './common';
import { Cidr, parseCidr } from '../validate/cidr';
import { checkList, checkObject } from '../validate/values';

/**
 * The IPv4 address of the EKS Pod Identity agent on every node.
 *
 * Sources: the agent binds `169.254.170.23` and `[fd00:ec2::23]` on port 80 by default
 * (aws/eks-pod-identity-agent `configuration/config.go` `DefaultIpv4TargetHost`/`DefaultIpv6TargetHost`
 * and `cmd/server.go` `--port` default 80, `--bind-hosts`); the EKS user guide, "Set up the Amazon EKS Pod
 * Identity Agent" (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html): "The agent
 * uses the loopback (localhost) IP address 169.254.170.23 for IPv4 and the localhost IP address
 * [fd00:ec2::23] for IPv6", reached by the SDKs through `AWS_CONTAINER_CREDENTIALS_FULL_URI`
 * (`http://169.254.170.23/v1/credentials`).
 */
export const EKS_POD_IDENTITY_AGENT_IPV4 = '169.254.170.23/32';
/** The IPv6 address of the EKS Pod Identity agent (see {@link EKS_POD_IDENTITY_AGENT_IPV4}). */
export const EKS_POD_IDENTITY_AGENT_IPV6 = 'fd00:ec2::23/128';
/** The port the EKS Pod Identity agent serves credentials on (plain HTTP on the node's link-local address). */
export const EKS_POD_IDENTITY_AGENT_PORT = 80;

/** A port or port range of an {@link EgressTarget}. */
export interface EgressPort {
  /** The port, or the first port of a range (1-65535). */
  readonly port: number;
  /**
   * The last port of a range.
   * @default - only `port`
   */
  readonly endPort?: number;
  /**
   * The protocol.
   * @default "TCP"
   */
  readonly protocol?: NetworkProtocol;
}

/**
 * A destination a NetworkPolicy may allow, named for what it is rather than typed as an IP: the EKS Pod
 * Identity agent, AWS APIs behind given CIDRs, or plain CIDRs on given ports. Use it in
 * `ApiServerEgressGuard`'s `allowedEgress` and `ExternalSecretsEgressPolicy`'s `additionalEgress`. Built
 * only by the static factories (the class cannot be subclassed); the CIDRs and ports are checked by the
 * construct that uses the target, so errors name its prop.
 */
export class EgressTarget {
  /**
   * Blocks on the given ports (every port of every protocol when `ports` is unset).
   * @param cidrs IP addresses or CIDRs, e.g. `["10.0.64.0/20"]`
   * @param ports the ports; unset: every port
   */
  public static cidrs(cidrs: string[], ports?: EgressPort[]): EgressTarget {
    return new EgressTarget('cidrs', cidrs, ports);
  }

  /**
   * The EKS Pod Identity agent: `169.254.170.23` and `fd00:ec2::23`, TCP port 80. Every pod whose
   * ServiceAccount has a Pod Identity association fetches its AWS credentials there, so an egress-isolated
   * pod (or the ESO controller) using Pod Identity needs this target. The agent runs on the host network of
   * every node; the addresses are link-local to the node.
   * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html
   */
  public static eksPodIdentityAgent(): EgressTarget {
    return new EgressTarget('the EKS Pod Identity agent', [EKS_POD_IDENTITY_AGENT_IPV4, EKS_POD_IDENTITY_AGENT_IPV6], [{ protocol: 'TCP', port: EKS_POD_IDENTITY_AGENT_PORT }]);
  }

  /**
   * AWS STS on HTTPS (TCP 443), which IRSA needs: the AWS SDK exchanges the projected ServiceAccount token
   * with `sts:AssumeRoleWithWebIdentity` at `sts.<region>.amazonaws.com`. STS has no fixed addresses: pass
   * the CIDRs of an STS interface VPC endpoint (`com.amazonaws.<region>.sts`, i.e. the subnets it lives in),
   * or the published AWS ranges (ip-ranges.json) you accept, or, deliberately, `0.0.0.0/0` with the
   * construct's `allowAllAddresses: true`. A NetworkPolicy matches addresses, not host names, so "STS only"
   * cannot be expressed more narrowly than the addresses it is reached at.
   * @param cidrs the addresses STS is reached at, e.g. the VPC endpoint subnets
   * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sts_vpc_endpoint_create.html
   */
  public static awsSts(cidrs: string[]): EgressTarget {
    return new EgressTarget('AWS STS', cidrs, [{ protocol: 'TCP', port: 443 }]);
  }

  /**
   * AWS service APIs (Secrets Manager, SSM, KMS, STS, ...) on HTTPS (TCP 443) at the given CIDRs: the
   * subnets of their interface VPC endpoints, or the published AWS ranges you accept. Like
   * {@link EgressTarget.awsSts}, the services have no fixed addresses.
   * @param cidrs the addresses the APIs are reached at
   */
  public static awsApis(cidrs: string[]): EgressTarget {
    return new EgressTarget('AWS APIs', cidrs, [{ protocol: 'TCP', port: 443 }]);
  }

  /** What the target is, as error messages name it (e.g. `the EKS Pod Identity agent`). */
  public readonly description: string;
  private readonly rawCidrs: unknown;
  private readonly rawPorts: unknown;

  // Private: targets are made by the factories above only.
  private constructor(description: string, cidrs: unknown, ports: unknown) {
    this.description = description;
    this.rawCidrs = cidrs;
    this.rawPorts = ports;
  }

  /**
   * Check the target's CIDRs and ports for a construct; `prop` is where the target was given
   * (e.g. `allowedEgress[2]`).
   * @internal
   */
  public _resolve(component: string, prop: string, listProp: string): EgressGrant {
    const cidrs: Cidr[] = checkCidrList(component, `${prop}.cidrs`, this.rawCidrs);
    if (cidrs.length === 0) {
      throw new ValidationError(component, `${prop}.cidrs`, `is empty; ${this.description} needs at least one address.`);
    }
    const ports = this.rawPorts === undefined ? undefined : checkEgressPorts(component, `${prop}.ports`, this.rawPorts);
    return { prop: listProp, cidrs, blockProps: cidrs.map((_, i) => `${prop}.cidrs[${i}]`), ports };
  }
}

function checkEgressPorts(component: string, prop: string, value: unknown): NetworkPolicyPort[] {
  const list = checkList(component, prop, value, 'ports ({ port, endPort?, protocol? })');
  if (list.length === 0) {
    throw new ValidationError(component, prop, 'is empty; leave it unset to allow every port, or list the ports.');
  }
  return list.map((entry, i) => {
    const where = `${prop}[${i}]`;
    const p = checkObject(component, where, entry, 'a port ({ port, endPort?, protocol? })');
    const protocol = p.protocol ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') {
      throw new ValidationError(component, `${where}.protocol`, `${q(protocol)} is not a NetworkPolicy protocol; use "TCP", "UDP" or "SCTP".`);
    }
    const port = checkPort(component, `${where}.port`, p.port, protocol);
    if (p.endPort === undefined) {
      return { protocol, port };
    }
    const endPort = checkPort(component, `${where}.endPort`, p.endPort, protocol);
    if (endPort < port) {
      throw new ValidationError(component, `${where}.endPort`, `${endPort} is below port ${port}; a range runs from port to endPort.`);
    }
    return endPort === port ? { protocol, port } : { protocol, port, endPort };
  });
}

/**
 * Check an entry of a list of egress destinations: an {@link EgressTarget}, or (where `strings` is true) an
 * IP or CIDR string meaning that block on every port.
 * @internal
 */
export function resolveEgressEntry(component: string, listProp: string, index: number, entry: unknown, strings: boolean): EgressGrant {
  const prop = `${listProp}[${index}]`;
  if (entry instanceof EgressTarget) {
    return entry._resolve(component, prop, listProp);
  }
  if (strings && typeof entry === 'string') {
    return { prop: listProp, cidrs: [parseCidr(component, prop, entry)], blockProps: [prop] };
  }
  const allowed = strings ? 'an IP or CIDR string, or an EgressTarget' : 'an EgressTarget';
  throw new ValidationError(component, prop, `must be ${allowed} (e.g. EgressTarget.eksPodIdentityAgent() or EgressTarget.cidrs(["10.0.0.0/16"], [{ port: 443 }])); received ${typeOf(entry)}${typeof entry === 'string' ? ` ${q(entry)}` : ''}.`);
}
