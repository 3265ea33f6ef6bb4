/**
 * Small readers of plain manifests shared by the audit rules.
 * @module
 */
import { AuditObject } from './types';

/** @internal */
export type Obj = Record<string, unknown>;

/** @internal */
export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @internal */
export function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

/** @internal */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** @internal */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A key as a path segment: `.name`, or `["a.b"]` when it is not a plain identifier. @internal */
export function seg(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `a` + `.b` without a leading dot. @internal */
export function join(prefix: string, key: string): string {
  const s = seg(key);
  return prefix === '' ? (s.startsWith('.') ? s.slice(1) : s) : `${prefix}${s}`;
}

/** The API group of an apiVersion (`""` for the core group). @internal */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * The pod template of a workload object: its spec, metadata and the path to it.
 * @internal
 */
export interface PodTemplate {
  /** The pod spec. */
  readonly spec: Obj;
  /** The pod's metadata (annotations, labels). */
  readonly metadata: Obj;
  /** The path of the pod spec, e.g. `spec.template.spec`. */
  readonly specPath: string;
  /** The path of the pod metadata, e.g. `spec.template.metadata`. */
  readonly metadataPath: string;
}

const TEMPLATED = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'];

/**
 * The pod template of a Pod, a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController,
 * CronJob or PodTemplate; undefined for other kinds.
 * @internal
 */
export function podTemplateOf(o: AuditObject): PodTemplate | undefined {
  const m = o.manifest;
  if (o.kind === 'Pod') {
    return { spec: obj(m.spec), metadata: obj(m.metadata), specPath: 'spec', metadataPath: 'metadata' };
  }
  if (o.kind === 'PodTemplate') {
    const t = obj(m.template);
    return { spec: obj(t.spec), metadata: obj(t.metadata), specPath: 'template.spec', metadataPath: 'template.metadata' };
  }
  if (TEMPLATED.includes(o.kind)) {
    const t = obj(obj(m.spec).template);
    return { spec: obj(t.spec), metadata: obj(t.metadata), specPath: 'spec.template.spec', metadataPath: 'spec.template.metadata' };
  }
  if (o.kind === 'CronJob') {
    const t = obj(obj(obj(obj(m.spec).jobTemplate).spec).template);
    return { spec: obj(t.spec), metadata: obj(t.metadata), specPath: 'spec.jobTemplate.spec.template.spec', metadataPath: 'spec.jobTemplate.spec.template.metadata' };
  }
  return undefined;
}

/** The containers of a pod spec (init, regular and ephemeral) with their paths. @internal */
export function containersOf(spec: Obj, specPath: string): Array<{ container: Obj; path: string }> {
  const out: Array<{ container: Obj; path: string }> = [];
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    list(spec[field]).forEach((c, i) => {
      if (isObj(c)) {
        out.push({ container: c, path: `${specPath}.${field}[${i}]` });
      }
    });
  }
  return out;
}

/** `kind ns/name` for a message. @internal */
export function describeObject(o: { kind: string; name?: string; namespace?: string }): string {
  const name = o.name ?? '(unnamed)';
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${name}`;
}

/** Annotations of an object. @internal */
export function annotationsOf(o: AuditObject): Obj {
  return obj(obj(o.manifest.metadata).annotations);
}
