/**
 * KSS-PLAIN: secret values in plaintext in the manifests.
 * @module
 */
import { plaintextSecretFindings } from '../../gitops/plaintext';
import { isSopsEncrypted } from '../../gitops/sops';
import { describeCredential } from '../credentials';
import { LAST_APPLIED_ANNOTATION } from '../engine';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { annotationsOf, containersOf, describeObject, isObj, join, list, podTemplateOf } from '../util';

const ENCRYPTED = 'SealedSecret (kubeseal-compatible sealing), SopsSecret (SOPS with age) or ExternalSecret (values stay in the store)';

/** `plaintextSecretFindings` of one object, in the object's own terms (lists are already flattened). */
function plaintextFields(o: AuditObject): string[] {
  return plaintextSecretFindings(o.manifest).flatMap(f => f.fields);
}

/** Documents with sops metadata belong to the KSS-SOPS rules. */
function sops(o: AuditObject): boolean {
  if (isObj(o.manifest.sops)) {
    return true;
  }
  try {
    return isSopsEncrypted(o.manifest);
  } catch {
    return false;
  }
}

/** Hits of the credential scan on fields selected by `pick`. */
function credentialHits(context: AuditContext, pick: (o: AuditObject, field: string) => boolean, where: string): AuditHit[] {
  const out: AuditHit[] = [];
  for (const [o, fields] of context.credentials()) {
    for (const [field, hits] of fields) {
      if (pick(o, field)) {
        out.push({ object: o, field, message: `${field} of ${describeObject(o)} holds a credential (${describeCredential(hits)}) ${where}; the value is not shown.` });
      }
    }
  }
  return out;
}

/** A name that says its value is secret; read on names only, never to decide what a value is. */
const SECRET_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH)/i;

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const PLAINTEXT_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-PLAIN-001',
    family: 'PLAIN',
    severity: 'high',
    title: 'Secret with plaintext values in the manifest',
    description: 'A core v1 Secret whose data or stringData holds values (also as a List item and with near-miss spellings of apiVersion/kind), in a document that is not SOPS-encrypted. The rule is the core plaintext guard (plaintextSecretFindings), the same one PlaintextSecretGuard runs at synth.',
    why: 'data is base64, not encryption: whoever reads the file (the Git history, a CI log, a Helm release Secret) reads the value (https://kubernetes.io/docs/concepts/configuration/secret/#uses-for-secrets, "Caution: Kubernetes Secrets are, by default, stored unencrypted").',
    fix: `Commit only encrypted secrets: ${ENCRYPTED}; PlaintextSecretGuard.of(app) keeps it from coming back.`,
    check: context => context.objects
      .filter(o => !sops(o))
      .flatMap(o => plaintextFields(o).filter(f => !f.startsWith('spec.')).map(field => ({
        object: o,
        field,
        message: `${field} of ${describeObject(o)} is a plaintext value (base64 is an encoding, not encryption); the value is not shown.`,
      }))),
  },
  {
    id: 'KSS-PLAIN-002',
    family: 'PLAIN',
    severity: 'high',
    title: 'SealedSecret with plaintext in its template or unsealed encryptedData',
    description: 'A SealedSecret whose spec.template.data value references no sealed key (a literal), or whose spec.encryptedData value is not a sealed value. The rule is the core plaintext guard (plaintextSecretFindings).',
    why: 'The controller executes each spec.template.data value as a Go template over the decrypted values and writes the result as it is (bitnami-labs/sealed-secrets pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go, Unseal): a literal there is in Git in plaintext.',
    fix: 'Seal the value into encryptedData and reference it ({{ .key }}): SealedSecret (sealValue, or the CLI\'s seal command) does both.',
    check: context => context.objects
      .flatMap(o => plaintextFields(o).filter(f => f.startsWith('spec.')).map(field => ({
        object: o,
        field,
        message: field.startsWith('spec.encryptedData')
          ? `${field} of ${describeObject(o)} is not a sealed value (plaintext pasted where ciphertext belongs); the value is not shown.`
          : `${field} of ${describeObject(o)} references no sealed key, so the controller writes it as it is: a plaintext literal in the file; the value is not shown.`,
      }))),
  },
  {
    id: 'KSS-PLAIN-003',
    family: 'PLAIN',
    severity: 'high',
    title: 'Credential in a ConfigMap',
    description: 'A ConfigMap data value that secretlint\'s recommended preset recognises as a credential (cloud keys, tokens, private keys, connection strings with passwords).',
    why: 'ConfigMaps are for non-confidential data and are not encrypted at rest unless the EncryptionConfiguration names them (https://kubernetes.io/docs/concepts/configuration/configmap/: "ConfigMap does not provide secrecy or encryption").',
    fix: `Move the value into a Secret that is never committed in plaintext (${ENCRYPTED}) and mount it with mountSecret.`,
    check: context => credentialHits(context, (o, field) => o.kind === 'ConfigMap' && field.startsWith('data'), 'in a ConfigMap'),
  },
  {
    id: 'KSS-PLAIN-004',
    family: 'PLAIN',
    severity: 'high',
    title: 'Credential in a container env literal, command or args',
    description: 'A container env[].value, command or args entry that secretlint\'s recommended preset recognises as a credential.',
    why: 'A literal is part of the pod spec: readable by everyone who can get the workload, kept in the ReplicaSet history and in Git (https://kubernetes.io/docs/concepts/security/secrets-good-practices/).',
    fix: 'Put the value into a Secret (ExternalSecret, SealedSecret or SopsSecret) and mount it with mountSecret (or envFromSecret for one key).',
    check: context => credentialHits(context, (_o, field) => /\.(env\[\d+\]\.value|command\[\d+\]|args\[\d+\])$/.test(field), 'in a pod spec literal'),
  },
  {
    id: 'KSS-PLAIN-005',
    family: 'PLAIN',
    severity: 'medium',
    title: 'Secret-named env variable with a literal value',
    description: 'A container env entry whose name says it is secret (PASSWORD, TOKEN, SECRET, API_KEY, ...) with a literal value instead of valueFrom. Only the variable name is read to decide; the value is never shown.',
    why: 'The literal is in the pod spec and in Git (https://kubernetes.io/docs/concepts/security/secrets-good-practices/); secretlint knows provider formats, not the password someone typed.',
    fix: 'Take the value from a Secret: envFromSecret(workload, secret, { keys: { NAME: "key" } }) or, better, mountSecret.',
    check: context => context.objects.flatMap(o => {
      const pod = podTemplateOf(o);
      if (!pod) {
        return [];
      }
      return containersOf(pod.spec, pod.specPath).flatMap(({ container, path }) => list(container.env).flatMap((e, i): AuditHit[] => {
        if (!isObj(e) || typeof e.name !== 'string' || typeof e.value !== 'string' || e.value === '' || !SECRET_NAME.test(e.name) || /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(e.value)) {
          return [];
        }
        const field = `${path}.env[${i}].value`;
        return [{ object: o, field, message: `${field} (${JSON.stringify(e.name)}) of ${describeObject(o)} is a literal value for a variable named as a secret; the value is not shown.` }];
      }));
    }),
  },
  {
    id: 'KSS-PLAIN-006',
    family: 'PLAIN',
    severity: 'high',
    title: 'Secret values kept in the last-applied-configuration annotation',
    description: `A Secret (or SealedSecret) whose ${LAST_APPLIED_ANNOTATION} annotation holds data or stringData values: typical of kubectl get -o yaml dumps and of Secrets once applied with kubectl apply.`,
    why: 'kubectl apply stores the whole applied object, values included, in this annotation (https://kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/#how-apply-calculates-differences-and-merges-changes); whoever can read the object\'s metadata, and every dump of it, has the values.',
    fix: 'Apply Secrets with server-side apply (kubectl apply --server-side) or through a controller (ExternalSecret, SealedSecret, SopsSecret with Flux) and remove the annotation; strip it from dumps before committing.',
    check: context => context.objects.flatMap(o => {
      const raw = annotationsOf(o)[LAST_APPLIED_ANNOTATION];
      if (typeof raw !== 'string' || !/secret$/i.test(o.kind)) {
        return [];
      }
      let applied: unknown;
      try {
        applied = JSON.parse(raw);
      } catch {
        return [];
      }
      const fields = isObj(applied) ? plaintextSecretFindings(applied).flatMap(f => f.fields) : [];
      const field = join('metadata.annotations', LAST_APPLIED_ANNOTATION);
      return fields.length === 0 ? [] : [{ object: o, field, message: `${field} of ${describeObject(o)} holds the plaintext values ${fields.join(', ')}; the values are not shown.` }];
    }),
  },
  {
    id: 'KSS-PLAIN-007',
    family: 'PLAIN',
    severity: 'high',
    title: 'Credential in an ExternalSecret template or an annotation',
    description: 'An ExternalSecret (or ClusterExternalSecret) spec.target.template.data literal, or any annotation value, that secretlint\'s recommended preset recognises as a credential.',
    why: 'Template literals and annotations are stored and committed as they are; ESO only fills in the values it fetches ({{ .key }}) (https://external-secrets.io/latest/guides/templating/).',
    fix: 'Keep the credential in the store and reference it from the template: ExternalSecret with ExternalSecretTemplate.opaque({ key: "{{ .fetched }}" }).',
    check: context => credentialHits(context, (_o, field) => field.includes('.target.template.data') || field.startsWith('metadata.annotations'), 'in a template literal or annotation'),
  },
];
