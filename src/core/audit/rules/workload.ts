/**
 * KSS-SA, KSS-ENV, KSS-VAULT, KSS-CSI: how pods get their secrets.
 * @module
 */
import { SECRETS_STORE_CSI_DRIVER } from '../../csi/secret-provider-class';
import { VaultAnnotations } from '../../vault/agent';
import { SECRET_FILE_MODE } from '../../workload/reloader';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { PodTemplate, containersOf, describeObject, isObj, join, list, obj, podTemplateOf, str } from '../util';

function pods(context: AuditContext): Array<{ o: AuditObject; pod: PodTemplate }> {
  return context.objects.flatMap(o => {
    const pod = podTemplateOf(o);
    return pod ? [{ o, pod }] : [];
  });
}

/** Calls `f` for each entry of a list field (env, envFrom) of every container of every pod. */
function eachEntry(context: AuditContext, field: string, f: (o: AuditObject, path: string, entry: unknown, i: number) => AuditHit[]): AuditHit[] {
  return pods(context).flatMap(({ o, pod }) => containersOf(pod.spec, pod.specPath)
    .flatMap(({ container, path }) => list(container[field]).flatMap((e, i) => f(o, path, e, i))));
}

function serviceAccountOf(pod: PodTemplate): string {
  return str(pod.spec.serviceAccountName) ?? str(pod.spec.serviceAccount) ?? 'default';
}

/** Whether the token of the pod's ServiceAccount is mounted: the pod's setting wins, then the ServiceAccount's. */
function tokenMounted(context: AuditContext, o: AuditObject, pod: PodTemplate): boolean {
  if (typeof pod.spec.automountServiceAccountToken === 'boolean') {
    return pod.spec.automountServiceAccountToken;
  }
  const sa = context.ofKind('ServiceAccount').find(s => s.name === serviceAccountOf(pod) && (s.namespace === o.namespace || s.namespace === undefined || o.namespace === undefined));
  return sa?.manifest.automountServiceAccountToken !== false;
}

function octal(mode: number): string {
  return `0${mode.toString(8)}`;
}

const VAULT_INJECTION = 'VaultAgentInjection (TLS verified, https, 0400 files, its own ServiceAccount)';
/** A ConfigMap with the pod's own agent configuration (vault-k8s annotations.go, AnnotationAgentConfigMap). */
const AGENT_CONFIGMAP = 'vault.hashicorp.com/agent-configmap';
/** The annotations that declare a rendered secret, in the order vault-k8s tries them (annotations.go, secrets()). */
const SECRET_PREFIXES = [VaultAnnotations.INJECT_SECRET, 'vault.hashicorp.com/agent-inject-template-file', VaultAnnotations.INJECT_TEMPLATE];

/**
 * The secrets the injector renders, as vault-k8s `secrets()` finds them: an annotation with a non-blank
 * value whose key is one of the three prefixes and a non-empty name (the first matching prefix wins, so
 * `agent-inject-template-file-db` is the secret `db`), each raw name once. The raw name is what its
 * `agent-inject-perms-<name>` is looked up by.
 */
function vaultSecretsOf(annotations: Record<string, unknown>): Array<{ key: string; rawName: string }> {
  const seen = new Set<string>();
  const out: Array<{ key: string; rawName: string }> = [];
  for (const [key, value] of Object.entries(annotations)) {
    if (typeof value !== 'string' || value.trim() === '') {
      continue;
    }
    for (const prefix of SECRET_PREFIXES) {
      if (!key.startsWith(`${prefix}-`) || key.length === prefix.length + 1) {
        continue;
      }
      const rawName = key.slice(prefix.length + 1);
      if (!seen.has(rawName)) {
        seen.add(rawName);
        out.push({ key, rawName });
      }
      break;
    }
  }
  return out;
}

function vaultPods(context: AuditContext): Array<{ o: AuditObject; pod: PodTemplate; annotations: Record<string, unknown> }> {
  return pods(context).flatMap(({ o, pod }) => {
    const annotations = obj(pod.metadata.annotations);
    return String(annotations[VaultAnnotations.INJECT]).toLowerCase() === 'true' ? [{ o, pod, annotations }] : [];
  });
}

/** A file mode from an annotation value (octal text such as "0644") or a number. */
function parseMode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value;
  }
  return typeof value === 'string' && /^0?[0-7]{3,4}$/.test(value.trim()) ? parseInt(value.trim(), 8) : undefined;
}

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const WORKLOAD_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-SA-001',
    family: 'SA',
    severity: 'low',
    title: 'ServiceAccount mounts its token by default',
    description: 'A ServiceAccount without automountServiceAccountToken: false.',
    why: 'Every pod of the ServiceAccount gets an API token at /var/run/secrets/kubernetes.io/serviceaccount unless it opts out (https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting); a compromised container then holds credentials it may not need.',
    fix: 'SecureServiceAccount (automountServiceAccountToken: false, tokens only where projected).',
    check: context => context.ofKind('ServiceAccount').flatMap(sa => (sa.manifest.automountServiceAccountToken === false ? [] : [{
      object: sa, field: 'automountServiceAccountToken', message: `automountServiceAccountToken of ${describeObject(sa)} is ${JSON.stringify(sa.manifest.automountServiceAccountToken) ?? 'unset (true)'}: every pod that uses it gets an API token.`,
    }])),
  },
  {
    id: 'KSS-SA-002',
    family: 'SA',
    severity: 'medium',
    title: 'Pod runs as the default ServiceAccount with its token mounted',
    description: 'A pod (or workload template) that names no ServiceAccount (or "default") and gets its token mounted.',
    why: 'Whatever anyone binds to default reaches this pod, and its token is in the container\'s file system (https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts).',
    fix: 'Give the workload its own ServiceAccount with SecureServiceAccount, or set automountServiceAccountToken: false on the pod.',
    check: context => pods(context).flatMap(({ o, pod }) => (serviceAccountOf(pod) === 'default' && tokenMounted(context, o, pod) ? [{
      object: o, field: `${pod.specPath}.serviceAccountName`, message: `${pod.specPath}.serviceAccountName of ${describeObject(o)} is ${JSON.stringify(str(pod.spec.serviceAccountName)) ?? 'unset ("default")'} and the token is mounted.`,
    }] : [])),
  },
  {
    id: 'KSS-SA-003',
    family: 'SA',
    severity: 'high',
    title: 'Long-lived ServiceAccount token Secret',
    description: 'A Secret of type kubernetes.io/service-account-token.',
    why: 'The token controller fills it with a token that never expires; since 1.24 projected tokens (TokenRequest) are the default and long-lived token Secrets are discouraged (https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets).',
    fix: 'Use a projected, expiring token (TokenRequest), as SecureServiceAccount and VaultAgentInjection do.',
    check: context => context.ofKind('Secret').flatMap(s => (s.manifest.type === 'kubernetes.io/service-account-token' ? [{
      object: s, field: 'type', message: `type of ${describeObject(s)} is "kubernetes.io/service-account-token": a token that never expires.`,
    }] : [])),
  },
  {
    id: 'KSS-ENV-001',
    family: 'ENV',
    severity: 'low',
    title: 'Secret key exposed as an environment variable',
    description: 'A container env entry with valueFrom.secretKeyRef.',
    why: 'Environment variables leak into child processes, crash dumps, /proc/<pid>/environ and logs, and do not update when the Secret rotates (https://kubernetes.io/docs/concepts/security/secrets-good-practices/#avoid-sharing-secret-manifests, https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables).',
    fix: 'Mount the Secret as files with mountSecret (0400, reloaded by Reloader).',
    check: context => eachEntry(context, 'env', (o, path, e, i): AuditHit[] => {
      const ref = isObj(e) ? obj(obj(e.valueFrom).secretKeyRef) : {};
      const message = `${path}.env[${i}].valueFrom.secretKeyRef of ${describeObject(o)} takes key ${JSON.stringify(ref.key)} of Secret ${JSON.stringify(ref.name)} into the environment.`;
      return typeof ref.name === 'string' ? [{ object: o, field: `${path}.env[${i}].valueFrom.secretKeyRef`, message }] : [];
    }),
  },
  {
    id: 'KSS-ENV-002',
    family: 'ENV',
    severity: 'medium',
    title: 'Every key of a Secret exposed as environment variables',
    description: 'A container envFrom entry with secretRef.',
    why: 'envFrom takes every key, present and future, into the environment (https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#configure-all-key-value-pairs-in-a-secret-as-container-environment-variables), with the leaks of KSS-ENV-001.',
    fix: 'Mount the Secret with mountSecret; if a variable is unavoidable, envFromSecret with keys names each one.',
    check: context => eachEntry(context, 'envFrom', (o, path, e, i): AuditHit[] => {
      const ref = isObj(e) ? obj(e.secretRef) : {};
      const message = `${path}.envFrom[${i}].secretRef of ${describeObject(o)} takes every key of Secret ${JSON.stringify(ref.name)} into the environment.`;
      return typeof ref.name === 'string' ? [{ object: o, field: `${path}.envFrom[${i}].secretRef`, message }] : [];
    }),
  },
  {
    id: 'KSS-ENV-003',
    family: 'ENV',
    severity: 'low',
    title: 'Secret volume readable by every user of the container',
    description: `A secret volume whose defaultMode (or an item's mode) gives "other" any permission, including the default 0644 when defaultMode is unset; the library mounts ${octal(SECRET_FILE_MODE)}.`,
    why: 'The kubelet writes the files with defaultMode, 0644 when unset (https://kubernetes.io/docs/reference/kubernetes-api/config-and-storage-resources/volume/#projections, secret.defaultMode), so every process of every user in the container can read them.',
    fix: 'mountSecret (0400, or 0440 with fsGroup).',
    check: context => pods(context).flatMap(({ o, pod }) => list(pod.spec.volumes).flatMap((v, i): AuditHit[] => {
      const secret = isObj(v) ? v.secret : undefined;
      if (!isObj(secret)) {
        return [];
      }
      const hits: AuditHit[] = [];
      const mode = typeof secret.defaultMode === 'number' ? secret.defaultMode : 0o644;
      if (mode % 8 !== 0) {
        hits.push({ object: o, field: `${pod.specPath}.volumes[${i}].secret.defaultMode`, message: `${pod.specPath}.volumes[${i}].secret.defaultMode of ${describeObject(o)} is ${typeof secret.defaultMode === 'number' ? octal(mode) : 'unset (0644)'}: Secret ${JSON.stringify(secret.secretName)} is readable by every user.` });
      }
      list(secret.items).forEach((item, j) => {
        const m = isObj(item) ? item.mode : undefined;
        if (typeof m === 'number' && m % 8 !== 0) {
          hits.push({ object: o, field: `${pod.specPath}.volumes[${i}].secret.items[${j}].mode`, message: `${pod.specPath}.volumes[${i}].secret.items[${j}].mode of ${describeObject(o)} is ${octal(m)}: readable by every user.` });
        }
      });
      return hits;
    })),
  },
  {
    id: 'KSS-VAULT-001',
    family: 'VAULT',
    severity: 'high',
    title: 'Vault agent does not verify Vault\'s certificate',
    description: `A pod with Vault agent injection and ${VaultAnnotations.TLS_SKIP_VERIFY}: "true".`,
    why: 'The agent then sends its Kubernetes token to, and takes secrets from, whoever answers (hashicorp/vault-k8s agent-inject/agent/annotations.go, AnnotationVaultTLSSkipVerify).',
    fix: `${VAULT_INJECTION}; give the CA with ${VaultAnnotations.TLS_SECRET} and ${VaultAnnotations.CA_CERT}.`,
    check: context => vaultPods(context).flatMap(({ o, pod, annotations }) => (String(annotations[VaultAnnotations.TLS_SKIP_VERIFY]).toLowerCase() === 'true' ? [{
      object: o, field: join(`${pod.metadataPath}.annotations`, VaultAnnotations.TLS_SKIP_VERIFY), message: `${VaultAnnotations.TLS_SKIP_VERIFY} of ${describeObject(o)} is "true": Vault's certificate is not verified.`,
    }] : [])),
  },
  {
    id: 'KSS-VAULT-002',
    family: 'VAULT',
    severity: 'high',
    title: 'Vault agent talks to Vault over http',
    description: `A pod with Vault agent injection whose ${VaultAnnotations.SERVICE} is an http:// address.`,
    why: 'Tokens and secrets cross the network in clear text (hashicorp/vault-k8s agent-inject/agent/annotations.go, AnnotationVaultService).',
    fix: `${VAULT_INJECTION} with an https:// address.`,
    check: context => vaultPods(context).flatMap(({ o, pod, annotations }) => {
      const service = str(annotations[VaultAnnotations.SERVICE]);
      return service !== undefined && /^http:\/\//i.test(service.trim()) ? [{
        object: o, field: join(`${pod.metadataPath}.annotations`, VaultAnnotations.SERVICE), message: `${VaultAnnotations.SERVICE} of ${describeObject(o)} is ${JSON.stringify(service.replace(/\/\/[^/@]*@/, '//<redacted>@'))}: plain http.`,
      }] : [];
    }),
  },
  {
    id: 'KSS-VAULT-003',
    family: 'VAULT',
    severity: 'medium',
    title: 'Vault-rendered secret file readable by every user',
    description: `A pod with Vault agent injection and an ${VaultAnnotations.INJECT_PERMS}-<name> that gives "other" any permission (e.g. 0644), or a secret (${VaultAnnotations.INJECT_SECRET}-, agent-inject-template- or agent-inject-template-file-<name>) without one or with an empty one (the default is 0644).`,
    why: 'The agent writes the rendered file with that mode into a volume shared by the containers (hashicorp/vault-k8s agent-inject/agent/annotations.go, AnnotationAgentInjectFilePermission); without it vault-k8s sets no perms (agent-inject/agent/config.go) and consul-template creates the file with 0644 (hashicorp/consul-template renderer/renderer.go, DefaultFilePerms).',
    fix: `${VAULT_INJECTION} (0400 files, the agent running as the application's user).`,
    check: context => vaultPods(context).flatMap(({ o, pod, annotations }) => {
      const at = `${pod.metadataPath}.annotations`;
      const hits: AuditHit[] = Object.entries(annotations).flatMap(([k, v]): AuditHit[] => {
        const mode = k.startsWith(`${VaultAnnotations.INJECT_PERMS}-`) ? parseMode(v) : undefined;
        return mode !== undefined && mode % 8 !== 0 ? [{ object: o, field: join(at, k), message: `${k} of ${describeObject(o)} is ${JSON.stringify(v)}: every user of the pod can read the file.` }] : [];
      });
      // A pod with its own agent configuration (agent-configmap) sets modes there.
      if (annotations[AGENT_CONFIGMAP] === undefined) {
        for (const { key, rawName } of vaultSecretsOf(annotations)) {
          const perms = annotations[`${VaultAnnotations.INJECT_PERMS}-${rawName}`];
          if (typeof perms !== 'string' || perms === '') {
            const why = perms === undefined ? `has no ${VaultAnnotations.INJECT_PERMS}-${rawName}` : `has an empty ${VaultAnnotations.INJECT_PERMS}-${rawName}, which vault-k8s ignores`;
            hits.push({ object: o, field: join(at, key), message: `${key} of ${describeObject(o)} ${why}: the agent writes the file with consul-template's default mode 0644, so every user of the pod can read it.` });
          }
        }
      }
      return hits;
    }),
  },
  {
    id: 'KSS-VAULT-004',
    family: 'VAULT',
    severity: 'medium',
    title: 'Vault agent authenticates as the default ServiceAccount',
    description: 'A pod with Vault agent injection that runs as the ServiceAccount "default".',
    why: 'Vault\'s Kubernetes auth role then trusts every pod of the namespace that names no ServiceAccount (https://developer.hashicorp.com/vault/docs/auth/kubernetes, bound_service_account_names).',
    fix: `${VAULT_INJECTION} with a SecureServiceAccount of its own.`,
    check: context => vaultPods(context).flatMap(({ o, pod }) => (serviceAccountOf(pod) === 'default' ? [{
      object: o, field: `${pod.specPath}.serviceAccountName`, message: `${pod.specPath}.serviceAccountName of ${describeObject(o)} is ${JSON.stringify(str(pod.spec.serviceAccountName)) ?? 'unset ("default")'}: it injects Vault secrets as the ServiceAccount "default".`,
    }] : [])),
  },
  {
    id: 'KSS-CSI-001',
    family: 'CSI',
    severity: 'medium',
    title: 'Secrets Store CSI syncs the secret into a Kubernetes Secret',
    description: 'A SecretProviderClass with spec.secretObjects.',
    why: 'Sync-as-Secret copies the external secret into etcd, where everyone who can read Secrets of the namespace reads it, defeating the reason for mounting it from the store (https://secrets-store-csi-driver.sigs.k8s.io/topics/sync-as-kubernetes-secret.html).',
    fix: 'SecretProviderClass without sync: mount the files only (secretProviderClassVolume).',
    check: context => context.ofKind('SecretProviderClass').flatMap(s => {
      const objects = list(obj(s.manifest.spec).secretObjects);
      return objects.length > 0 ? [{ object: s, field: 'spec.secretObjects', message: `spec.secretObjects of ${describeObject(s)} syncs into ${objects.map(x => JSON.stringify(obj(x).secretName)).join(', ')}.` }] : [];
    }),
  },
  {
    id: 'KSS-CSI-002',
    family: 'CSI',
    severity: 'medium',
    title: 'Secrets Store CSI volume authenticates with a static credential Secret',
    description: `A pod volume of driver ${SECRETS_STORE_CSI_DRIVER} with nodePublishSecretRef.`,
    why: 'nodePublishSecretRef passes a long-lived credential (e.g. an Azure service principal secret) from a Kubernetes Secret to the provider (https://secrets-store-csi-driver.sigs.k8s.io/topics/secret-auto-rotation.html, https://azure.github.io/secrets-store-csi-driver-provider-azure/docs/configurations/identity-access-modes/service-principal-mode/); workload identity needs none.',
    fix: 'Use workload identity (WorkloadIdentity with SecretProviderClass, e.g. IRSA or Pod Identity on AWS).',
    check: context => pods(context).flatMap(({ o, pod }) => list(pod.spec.volumes).flatMap((v, i): AuditHit[] => {
      const csi = isObj(v) ? obj(v.csi) : {};
      return csi.driver === SECRETS_STORE_CSI_DRIVER && isObj(csi.nodePublishSecretRef) ? [{
        object: o, field: `${pod.specPath}.volumes[${i}].csi.nodePublishSecretRef`, message: `${pod.specPath}.volumes[${i}].csi.nodePublishSecretRef of ${describeObject(o)} authenticates with Secret ${JSON.stringify(csi.nodePublishSecretRef.name)}.`,
      }] : [];
    })),
  },
];
