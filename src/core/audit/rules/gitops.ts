/**
 * KSS-SEAL and KSS-SOPS: encrypted secrets in Git.
 * @module
 */
import { plaintextSecretFindings } from '../../gitops/plaintext';
import { SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION, SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, looksSealed } from '../../gitops/sealing';
import { isSopsEncrypted } from '../../gitops/sops';
import { AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, isObj, join, obj, str } from '../util';

type Scope = 'strict' | 'namespace-wide' | 'cluster-wide';

/** The scope of a SealedSecret, from the annotations on it or its template (sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_types.go, SecretScope). */
function scopeOf(o: AuditObject): Scope {
  const a = { ...obj(obj(obj(obj(o.manifest.spec).template).metadata).annotations), ...obj(obj(o.manifest.metadata).annotations) };
  if (String(a[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION]).toLowerCase() === 'true') {
    return 'cluster-wide';
  }
  return String(a[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION]).toLowerCase() === 'true' ? 'namespace-wide' : 'strict';
}

function sealedSecrets(objects: readonly AuditObject[]): AuditObject[] {
  return objects.filter(o => o.kind === 'SealedSecret' && o.apiVersion.startsWith('bitnami.com/'));
}

/** The `sops` metadata map of a document, if it has one. */
function sopsMetadata(o: AuditObject): Record<string, unknown> | undefined {
  return isObj(o.manifest.sops) ? o.manifest.sops : undefined;
}

function encryptedSops(o: AuditObject): boolean {
  try {
    return isSopsEncrypted(o.manifest);
  } catch {
    return false;
  }
}

const SEAL_FIX = 'SealedSecret with the default strict scope (sealed for one name in one namespace).';

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const GITOPS_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-SEAL-001',
    family: 'SEAL',
    severity: 'medium',
    title: 'SealedSecret sealed cluster-wide',
    description: `A SealedSecret with ${SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION}: "true".`,
    why: 'A cluster-wide value unseals under any name in any namespace: whoever can create a SealedSecret anywhere can copy the ciphertext into their namespace and read the Secret (https://github.com/bitnami-labs/sealed-secrets#scopes).',
    fix: SEAL_FIX,
    check: context => sealedSecrets(context.objects).filter(o => scopeOf(o) === 'cluster-wide').map(o => ({
      object: o, field: join('metadata.annotations', SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION), message: `${SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION} of ${describeObject(o)} is "true", sealed cluster-wide: its values unseal in any namespace under any name.`,
    })),
  },
  {
    id: 'KSS-SEAL-002',
    family: 'SEAL',
    severity: 'low',
    title: 'SealedSecret sealed namespace-wide',
    description: `A SealedSecret with ${SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION}: "true".`,
    why: 'A namespace-wide value unseals under any name in its namespace, so anyone who may create SealedSecrets there can rename it into a Secret their workload reads (https://github.com/bitnami-labs/sealed-secrets#scopes).',
    fix: SEAL_FIX,
    check: context => sealedSecrets(context.objects).filter(o => scopeOf(o) === 'namespace-wide').map(o => ({
      object: o, field: join('metadata.annotations', SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION), message: `${SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION} of ${describeObject(o)} is "true", sealed namespace-wide: its values unseal under any name in ${JSON.stringify(o.namespace ?? '(its namespace)')}.`,
    })),
  },
  {
    id: 'KSS-SEAL-003',
    family: 'SEAL',
    severity: 'high',
    title: 'Sealed value reused under another name where it unseals',
    description: 'The same ciphertext in two SealedSecrets with different names or namespaces, where the first one\'s scope lets the copy unseal (cluster-wide: anywhere; namespace-wide: the same namespace).',
    why: 'The copy makes the controller write the value into a second Secret, readable by whoever can read that name or namespace (https://github.com/bitnami-labs/sealed-secrets#scopes); strict scope binds the value to one name and namespace, so a copy would fail to unseal.',
    fix: `Seal each value for the Secret that uses it: ${SEAL_FIX}`,
    check: context => {
      const seen = new Map<string, { o: AuditObject; key: string }>();
      const hits: AuditHit[] = [];
      for (const o of sealedSecrets(context.objects)) {
        for (const [key, value] of Object.entries(obj(obj(o.manifest.spec).encryptedData))) {
          if (!looksSealed(value)) {
            continue;
          }
          const first = seen.get(value as string);
          if (!first) {
            seen.set(value as string, { o, key });
            continue;
          }
          const scope = scopeOf(first.o);
          const sameNs = first.o.namespace === o.namespace;
          const elsewhere = first.o.name !== o.name || !sameNs;
          if (elsewhere && (scope === 'cluster-wide' || (scope === 'namespace-wide' && sameNs))) {
            hits.push({ object: o, field: join('spec.encryptedData', key), message: `spec.encryptedData.${key} of ${describeObject(o)} is the ciphertext of ${describeObject(first.o)} (key ${JSON.stringify(first.key)}, sealed ${scope}): it unseals here too.` });
          }
        }
      }
      return hits;
    },
  },
  {
    id: 'KSS-SOPS-001',
    family: 'SOPS',
    severity: 'high',
    title: 'SOPS file with values left unencrypted',
    description: 'A Secret in a document with sops metadata whose data or stringData values are not ENC[AES256_GCM,...] (an encrypted_regex that misses them, or values added after encryption). The rule is the core plaintext guard (plaintextSecretFindings) in SOPS mode.',
    why: 'SOPS encrypts only the keys its rule selects (getsops/sops: encrypted_regex, unencrypted_suffix); the others are committed as they are.',
    fix: 'SopsSecret (encrypts data and stringData with SOPS_KUBERNETES_ENCRYPTED_REGEX "^(data|stringData)$").',
    check: context => context.objects.filter(o => sopsMetadata(o) !== undefined).flatMap(o => {
      const manifest = encryptedSops(o) ? o.manifest : { ...o.manifest, sops: undefined };
      const fields = encryptedSops(o) ? plaintextSecretFindings(manifest).flatMap(f => f.fields)
        : plaintextSecretFindings(manifest).flatMap(f => f.fields).filter(f => {
          const [field, ...rest] = f.split('.');
          const v = obj(o.manifest[field])[rest.join('.')];
          return !(typeof v === 'string' && v.startsWith('ENC[AES256_GCM,'));
        });
      return fields.map(field => ({ object: o, field, message: `${field} of ${describeObject(o)} is not SOPS-encrypted; the value is not shown.` }));
    }),
  },
  {
    id: 'KSS-SOPS-002',
    family: 'SOPS',
    severity: 'medium',
    title: 'SOPS metadata without a MAC',
    description: 'A document with sops metadata whose mac is missing or not an encrypted value.',
    why: 'The MAC is what detects values added or changed after encryption; sops refuses such a file without --ignore-mac (getsops/sops decrypt), and Flux\'s kustomize-controller cannot decrypt it.',
    fix: 'Re-encrypt with sops, or write the file with SopsSecret / sopsEncrypt.',
    check: context => context.objects.filter(o => sopsMetadata(o) !== undefined && !encryptedSops(o)).map(o => ({
      object: o, field: 'sops.mac', message: `sops.mac of ${describeObject(o)} is ${str(sopsMetadata(o)!.mac) === undefined ? 'missing' : 'not an encrypted MAC'}.`,
    })),
  },
  {
    id: 'KSS-SOPS-003',
    family: 'SOPS',
    severity: 'low',
    title: 'SOPS MAC covers only the encrypted values',
    description: 'A document with sops metadata mac_only_encrypted: true.',
    why: 'The unencrypted values (metadata, type, labels) can then be changed without breaking the MAC (getsops/sops: mac_only_encrypted); a changed name or namespace moves the Secret.',
    fix: 'SopsSecret (its MAC covers every value).',
    check: context => context.objects.filter(o => sopsMetadata(o)?.mac_only_encrypted === true).map(o => ({
      object: o, field: 'sops.mac_only_encrypted', message: `sops.mac_only_encrypted of ${describeObject(o)} is true: unencrypted values are not protected by the MAC.`,
    })),
  },
];
