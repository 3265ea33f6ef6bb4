/**
 * What the sealed-secrets controller v0.36 does with a SealedSecret on `kubeseal --re-encrypt`, ported from
 * its Go source and sharing no code with src/core/gitops/sealing.ts:
 *
 * - bitnami-labs/sealed-secrets `pkg/kubeseal/kubeseal.go` `ReEncryptSealedSecret` (v0.36.0..v0.36.6):
 *   kubeseal decodes the file into the Go struct and POSTs `json.Marshal` of it to the controller's
 *   `/v1/rotate`, so empty strings and empty maps are dropped (`omitempty`) before the controller sees them.
 * - `pkg/controller/controller.go` `Rotate` (#1885 "Throw an error in case of inconsistencies", then #1886
 *   "Preserve scope during Sealed Secret rotation", both in v0.36.0):
 *   `if !reflect.DeepEqual(s.ObjectMeta, s.Spec.Template.ObjectMeta) { s.ObjectMeta.DeepCopyInto(&s.Spec.Template.ObjectMeta) }`
 *   (v0.36.0 at #1885 alone refused the request instead), then `attemptUnseal` and `NewSealedSecret`.
 * - `pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go` `Unseal`: the Secret gets the template's
 *   metadata; the RSA-OAEP label comes from the SealedSecret's OWN metadata (`labelFor(smeta)`:
 *   cluster-wide annotation -> "", namespace-wide -> "<namespace>", else "<namespace>/<name>").
 * - `NewSealedSecret`: the new SealedSecret's metadata is name, namespace and the scope annotation only
 *   (`UpdateScopeAnnotations`); its template's metadata is the Secret's.
 */
import { unseal } from './independent-unseal';

const CLUSTER_WIDE = 'sealedsecrets.bitnami.com/cluster-wide';
const NAMESPACE_WIDE = 'sealedsecrets.bitnami.com/namespace-wide';

/** The ObjectMeta fields a SealedSecret file carries (the ones this port compares). */
export interface PortedObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The result of a simulated `kubeseal --re-encrypt`. */
export interface RotateOutcome {
  /** Whether `reflect.DeepEqual(s.ObjectMeta, s.Spec.Template.ObjectMeta)` held (the template was kept). */
  readonly metadataMatched: boolean;
  /** The metadata of the Secret the controller unseals (and re-seals) from the SealedSecret. */
  readonly secretMetadata: PortedObjectMeta;
  /** The values, decrypted with the label of the SealedSecret's own metadata. */
  readonly data: Record<string, string>;
  /** The re-encrypted SealedSecret's own metadata (name, namespace, scope annotation). */
  readonly outputMetadata: PortedObjectMeta;
}

/** Go's `json.Marshal` with `omitempty` on the ObjectMeta fields, then decoding: empty values vanish. */
function objectMeta(value: unknown): PortedObjectMeta {
  const m = (value ?? {}) as Record<string, unknown>;
  const out: PortedObjectMeta = {};
  for (const key of ['name', 'namespace'] as const) {
    if (typeof m[key] === 'string' && m[key] !== '') {
      out[key] = m[key] as string;
    }
  }
  for (const key of ['labels', 'annotations'] as const) {
    const map = m[key] as Record<string, string> | undefined;
    if (map && Object.keys(map).length > 0) {
      out[key] = { ...map };
    }
  }
  return out;
}

/** `reflect.DeepEqual` of two decoded ObjectMetas (maps compare by content, not order). */
function deepEqual(a: PortedObjectMeta, b: PortedObjectMeta): boolean {
  const canon = (m: PortedObjectMeta) => JSON.stringify({
    name: m.name ?? null,
    namespace: m.namespace ?? null,
    labels: m.labels ? Object.fromEntries(Object.entries(m.labels).sort(([x], [y]) => (x < y ? -1 : 1))) : null,
    annotations: m.annotations ? Object.fromEntries(Object.entries(m.annotations).sort(([x], [y]) => (x < y ? -1 : 1))) : null,
  });
  return canon(a) === canon(b);
}

function labelFor(meta: PortedObjectMeta): string {
  if (meta.annotations?.[CLUSTER_WIDE] === 'true') {
    return '';
  }
  if (meta.annotations?.[NAMESPACE_WIDE] === 'true') {
    return meta.namespace ?? '';
  }
  return `${meta.namespace ?? ''}/${meta.name ?? ''}`;
}

/**
 * Simulate `kubeseal --re-encrypt` against a v0.36 controller holding `privateKeyPem`, for one SealedSecret
 * manifest (as written to a file).
 */
export function reEncrypt(
  sealedSecret: { metadata?: unknown; spec: { encryptedData: Record<string, string>; template?: { metadata?: unknown } } },
  privateKeyPem: string,
): RotateOutcome {
  const own = objectMeta(sealedSecret.metadata);
  let template = objectMeta(sealedSecret.spec.template?.metadata);
  const metadataMatched = deepEqual(own, template);
  if (!metadataMatched) {
    template = { ...own };
  }
  const label = labelFor(own);
  const data = Object.fromEntries(Object.entries(sealedSecret.spec.encryptedData).map(([k, v]) => [k, unseal(v, privateKeyPem, label)]));
  // Unseal: "Ensure these are set to what we expect".
  const secretMetadata: PortedObjectMeta = { ...template, name: own.name, namespace: own.namespace };
  const scope = secretMetadata.annotations?.[CLUSTER_WIDE] === 'true' ? CLUSTER_WIDE : secretMetadata.annotations?.[NAMESPACE_WIDE] === 'true' ? NAMESPACE_WIDE : undefined;
  const outputMetadata: PortedObjectMeta = { name: own.name, namespace: own.namespace, ...(scope ? { annotations: { [scope]: 'true' } } : {}) };
  return { metadataMatched, secretMetadata, data, outputMetadata };
}
