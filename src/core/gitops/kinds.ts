/**
 * How the library recognises a core `v1` Secret in a manifest, for the checks that must never miss one
 * (the plaintext detector, SOPS coverage).
 *
 * The API server reads `apiVersion` with apimachinery's `schema.ParseGroupVersion`, for which `v1` and
 * `/v1` are both the core group's v1 (kubernetes/apimachinery `pkg/runtime/schema/group_version.go`), and
 * matches `kind` exactly (`Secret`). A near-miss spelling (`secret`, `"v1 "`, `V1`, no apiVersion) is
 * refused by the API server, but the file that holds it is committed all the same, values included: the
 * detector therefore reads the spelling loosely (trimmed, any case) so that a careless manifest cannot
 * carry a plaintext value into Git.
 */

/**
 * Whether `apiVersion`/`kind` name a core Secret, read loosely (see the module comment).
 * @internal
 */
export function isCoreSecretKind(apiVersion: unknown, kind: unknown): boolean {
  if (typeof kind !== 'string' || kind.trim().toLowerCase() !== 'secret') {
    return false;
  }
  if (apiVersion === undefined || apiVersion === null) {
    return true;
  }
  if (typeof apiVersion !== 'string') {
    return false;
  }
  const v = apiVersion.trim().toLowerCase();
  return v === '' || v === 'v1' || v === '/v1';
}

/**
 * Whether `apiVersion`/`kind` name a sealed-secrets SealedSecret (group `bitnami.com`, any version), read
 * loosely like {@link isCoreSecretKind}.
 * @internal
 */
export function isSealedSecretKind(apiVersion: unknown, kind: unknown): boolean {
  return typeof kind === 'string' && kind.trim().toLowerCase() === 'sealedsecret'
    && typeof apiVersion === 'string' && apiVersion.trim().toLowerCase().startsWith('bitnami.com/');
}
