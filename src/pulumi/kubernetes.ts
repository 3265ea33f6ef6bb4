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
  const { apiVersion, kind, metadata, ...fields } = manifest as KubeManifest & Record<string, any>;
  const meta = metadata as k8s.types.input.meta.v1.ObjectMeta;
  const kube = kubernetes(`${kind} ${metadata.name}`);
  switch (`${apiVersion}/${kind}`) {
    case 'networking.k8s.io/v1/NetworkPolicy':
      return new kube.networking.v1.NetworkPolicy(name, { metadata: meta, spec: fields.spec }, opts);
    case 'rbac.authorization.k8s.io/v1/Role':
      return new kube.rbac.v1.Role(name, { metadata: meta, rules: fields.rules }, opts);
    case 'rbac.authorization.k8s.io/v1/RoleBinding':
      return new kube.rbac.v1.RoleBinding(name, { metadata: meta, roleRef: fields.roleRef, subjects: fields.subjects }, opts);
    case 'v1/ServiceAccount':
      return new kube.core.v1.ServiceAccount(name, { metadata: meta, automountServiceAccountToken: fields.automountServiceAccountToken }, opts);
    default:
      if (!apiVersion.includes('.')) {
        throw new Error(`kubernetesResource: no typed class mapped for core kind ${apiVersion}/${kind}`);
      }
      return new kube.apiextensions.CustomResource(name, { apiVersion, kind, metadata: meta, ...fields }, opts);
  }
}
