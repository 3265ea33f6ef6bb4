import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ApiServerEgressGuardOptions, ExternalSecretsEgressOptions, NamespaceIsolationOptions, apiServerEgressGuardManifest,
  externalSecretsEgressManifest, namespaceIsolationManifests,
} from '../../core';
import { emitManifest, resolveNamespace } from '../util';

/** Props of {@link NamespaceIsolation}. */
export interface NamespaceIsolationProps extends Omit<NamespaceIsolationOptions, 'namespace'> {
  /**
   * The namespace to isolate.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * Default-deny ingress and egress for every pod of a namespace, plus DNS egress to cluster DNS. Allow
 * what each workload needs with further NetworkPolicies (they add up).
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export class NamespaceIsolation extends Construct {
  /** The default-deny policy. */
  public readonly denyAll: ApiObject;
  /** The DNS egress policy. */
  public readonly allowDns: ApiObject;

  public constructor(scope: Construct, id: string, props: NamespaceIsolationProps = {}) {
    super(scope, id);
    const [deny, dns] = namespaceIsolationManifests({ ...props, namespace: resolveNamespace('NamespaceIsolation', this, props.namespace) });
    this.denyAll = emitManifest(this, 'DenyAll', 'NamespaceIsolation', deny);
    this.allowDns = emitManifest(this, 'AllowDns', 'NamespaceIsolation', dns);
  }
}

/** Props of {@link ApiServerEgressGuard}. */
export interface ApiServerEgressGuardProps extends Omit<ApiServerEgressGuardOptions, 'namespace'> {
  /**
   * The namespace of the guarded pods.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * Egress guard for workloads that never call the Kubernetes API: everything in `allowedEgress` except
 * the API server addresses (all ports, or only `apiServerPorts`), plus DNS.
 */
export class ApiServerEgressGuard extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: ApiServerEgressGuardProps) {
    super(scope, id);
    this.policy = emitManifest(this, 'Resource', 'ApiServerEgressGuard',
      apiServerEgressGuardManifest({ ...props, namespace: resolveNamespace('ApiServerEgressGuard', this, props.namespace) }));
  }
}

/** Props of {@link ExternalSecretsEgressPolicy}. */
export interface ExternalSecretsEgressPolicyProps extends ExternalSecretsEgressOptions {}

/**
 * Egress of the External Secrets Operator controller limited to DNS, the Kubernetes API, the cloud secret
 * APIs on 443 and the Vault servers of its providers. Lives in ESO's namespace (`external-secrets` by
 * default), whatever the chart's namespace.
 */
export class ExternalSecretsEgressPolicy extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalSecretsEgressPolicyProps) {
    super(scope, id);
    this.policy = emitManifest(this, 'Resource', 'ExternalSecretsEgressPolicy', externalSecretsEgressManifest(props));
  }
}
