import { ApiObjectProps, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { KubeManifest, ValidationError, isDeferred } from '../core';

/**
 * The namespace a construct's objects go to: the explicit one, else the chart's.
 * @internal
 */
export function resolveNamespace(component: string, scope: IConstruct, explicit: string | undefined): string {
  const namespace = explicit ?? Chart.of(scope).namespace;
  if (namespace === undefined) {
    throw new ValidationError(component, 'namespace', 'is not set and the Chart has no namespace; set the namespace prop or create the Chart with { namespace: "..." } so the objects do not land in whatever namespace kubectl happens to use.');
  }
  return namespace;
}

/**
 * The namespace of a cdk8s-plus resource, when it has one (imported resources may not).
 * @internal
 */
export function namespaceOfResource(resource: unknown): string | undefined {
  const metadata = (resource as { metadata?: { namespace?: string } }).metadata;
  return typeof metadata === 'object' && metadata !== null ? metadata.namespace : undefined;
}

/**
 * Refuse deferred values (Pulumi Outputs) in cdk8s, which needs plain values at synth time.
 * @internal
 */
export function requirePlain<T>(component: string, prop: string, value: T): T {
  if (isDeferred(value)) {
    throw new ValidationError(component, prop, 'is a deferred value (for example a Pulumi Output); cdk8s writes manifests at synth time and needs a plain string here.');
  }
  return value;
}

/**
 * Turn a core manifest into cdk8s `ApiObject` props, refusing deferred annotation values.
 * @internal
 */
export function apiObjectProps(component: string, manifest: KubeManifest): ApiObjectProps {
  const annotations = manifest.metadata.annotations;
  const plain: Record<string, string> | undefined = annotations === undefined ? undefined : {};
  for (const [key, value] of Object.entries(annotations ?? {})) {
    plain![key] = requirePlain(component, `metadata.annotations[${JSON.stringify(key)}]`, value) as string;
  }
  return { ...manifest, metadata: { ...manifest.metadata, annotations: plain } };
}
