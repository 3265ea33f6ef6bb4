import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeManifest } from '../core';
import { kubernetes } from './deps';

/**
 * Create the Pulumi resource for a core manifest: the typed class for core kinds, a `CustomResource` for
 * custom kinds. Values inside may be Outputs (a role ARN, ...).
 * @internal
 */
export function kubernetesResource(name: string, manifest: KubeManifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, metadata, ...fields } = manifest;
  const meta = metadata as k8s.types.input.meta.v1.ObjectMeta;
  const kube = kubernetes(`${kind} ${metadata.name}`);
  switch (`${apiVersion}/${kind}`) {
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new kube.networking.v1.NetworkPolicy(name, {
        metadata: meta, spec: fields.spec as k8s.types.input.networking.v1.NetworkPolicySpec,
      }, opts);
    case 'rbac.authorization.k8s.io/v1/Role':
      return new kube.rbac.v1.Role(name, { metadata: meta, rules: fields.rules as k8s.types.input.rbac.v1.PolicyRule[] }, opts);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return new kube.rbac.v1.RoleBinding(name, {
        metadata: meta, roleRef: fields.roleRef as k8s.types.input.rbac.v1.RoleRef, subjects: fields.subjects as k8s.types.input.rbac.v1.Subject[],
      }, opts);
    case 'v1/ServiceAccount':
      return new kube.core.v1.ServiceAccount(name, {
        metadata: meta, automountServiceAccountToken: fields.automountServiceAccountToken as boolean | undefined,
      }, opts);
    default:
      if (!apiVersion.includes('.')) {
        throw new Error(`kubernetesResource: no typed class mapped for core kind ${apiVersion}/${kind}`);
      }
      return new kube.apiextensions.CustomResource(name, { apiVersion, kind, metadata: meta, ...fields }, opts);
  }
}
