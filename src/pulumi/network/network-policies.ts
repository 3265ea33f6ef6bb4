import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import {
  ApiServerEgressGuardOptions, ExternalSecretsEgressOptions, KubeManifest, NamespaceIsolationOptions,
  apiServerEgressGuardManifest, externalSecretsEgressManifest, namespaceIsolationManifests,
} from '../../core';
import { validated } from '../errors';
import { kubernetesResource } from '../kubernetes';

/** A component holding NetworkPolicies built by a core builder. */
abstract class NetworkPolicies extends pulumi.ComponentResource {
  /** The NetworkPolicies. */
  public readonly policies: k8s.networking.v1.NetworkPolicy[];

  protected constructor(type: string, name: string, build: () => KubeManifest[], opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const manifests = validated(this, build);
    this.policies = manifests.map(m => kubernetesResource(`${name}-${m.metadata.name}`, m, { parent: this }) as k8s.networking.v1.NetworkPolicy);
    this.registerOutputs({ policyNames: manifests.map(m => m.metadata.name) });
  }
}

/** Arguments of {@link NamespaceIsolation}: the namespace and, optionally, where cluster DNS runs. */
export interface NamespaceIsolationArgs extends NamespaceIsolationOptions {}

/**
 * Default-deny ingress and egress for a namespace, plus DNS egress: the Pulumi twin of the cdk8s construct.
 * NetworkPolicies add up: a pod may reach the union of what every policy selecting it allows, so every
 * further policy in the namespace widens what this isolation leaves open.
 *
 * Unlike the cdk8s construct, a second isolation of the same namespace does not share the first one's
 * policies: a Pulumi program has no scope like a chart (a test file's one `setMocks` covers every stack
 * its tests build), so two isolations of one namespace on one cluster declare two objects with each
 * name. pulumi-kubernetes 4.29 and later refuse the second create (AlreadyExists; pulumi/pulumi-kubernetes
 * #2926); earlier 4.x releases adopt the existing object through server-side apply, so two resources own
 * it and deleting either one removes a policy the other still declares. Give each isolation of a
 * namespace its own `namePrefix` (a pattern's `isolation.namePrefix`): NetworkPolicies add up, so two
 * default-deny pairs isolate as one does.
 */
export class NamespaceIsolation extends NetworkPolicies {
  /**
   * @param name the Pulumi resource name
   * @param args the namespace
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: NamespaceIsolationArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:network:NamespaceIsolation', name, () => namespaceIsolationManifests(args), opts);
  }
}

/** Arguments of {@link ApiServerEgressGuard}. */
export interface ApiServerEgressGuardArgs extends ApiServerEgressGuardOptions {}

/**
 * Egress guard for workloads that never call the Kubernetes API: the Pulumi twin of the cdk8s construct.
 * `allowedEgress` is required (CIDRs or `EgressTarget`s such as `EgressTarget.eksPodIdentityAgent()`);
 * NetworkPolicies add up, so what it allows is added to what `NamespaceIsolation` leaves open, and
 * covering every address of a family needs `allowAllAddresses: true`.
 */
export class ApiServerEgressGuard extends NetworkPolicies {
  /**
   * @param name the Pulumi resource name
   * @param args the guarded pods and the API server addresses
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ApiServerEgressGuardArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:network:ApiServerEgressGuard', name, () => [apiServerEgressGuardManifest(args)], opts);
  }
}

/** Arguments of {@link ExternalSecretsEgressPolicy}. */
export interface ExternalSecretsEgressPolicyArgs extends ExternalSecretsEgressOptions {}

/**
 * ESO controller egress limited to its providers: the Pulumi twin of the cdk8s construct. `cloudApiCidrs`
 * is required with an AWS, Google or Azure provider; `additionalEgress` takes e.g.
 * `EgressTarget.eksPodIdentityAgent()` for a controller using EKS Pod Identity.
 */
export class ExternalSecretsEgressPolicy extends NetworkPolicies {
  /**
   * @param name the Pulumi resource name
   * @param args the providers and the API server
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ExternalSecretsEgressPolicyArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:network:ExternalSecretsEgressPolicy', name, () => [externalSecretsEgressManifest(args)], opts);
  }
}
