import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { KubeManifest } from '../core';

/**
 * Create the Pulumi resource for a core manifest: the typed class for core kinds, a `CustomResource` for
 * custom kinds. Values inside may be Outputs (a role ARN, ...).
 * @internal
 */
export function kubernetesResource(name: string, manifest: KubeManifest, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const { apiVersion, kind, metadata, ...fields } = manifest as KubeManifest & Record<string, any>;
  const meta = metadata as k8s.types.input.meta.v1.ObjectMeta;
  switch (`${apiVersion}/${kind}`) {
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new k8s.networking.v1.NetworkPolicy(name, { metadata: meta, spec: fields.spec }, opts);
    case 'rbac.authorization.k8s.io/v1/Role':
      return new k8s.rbac.v1.Role(name, { metadata: meta, rules: fields.rules }, opts);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return new k8s.rbac.v1.RoleBinding(name, { metadata: meta, roleRef: fields.roleRef, subjects: fields.subjects }, opts);
    case 'v1/ServiceAccount':
      return new k8s.core.v1.ServiceAccount(name, { metadata: meta, automountServiceAccountToken: fields.automountServiceAccountToken }, opts);
    default:
      if (!apiVersion.includes('.')) {
        throw new Error(`kubernetesResource: no typed class mapped for core kind ${apiVersion}/${kind}`);
      }
      return new k8s.apiextensions.CustomResource(name, { apiVersion, kind, metadata: meta, ...fields }, opts);
  }
}
