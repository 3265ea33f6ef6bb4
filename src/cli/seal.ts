import { parseArgs } from 'util';
import { Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument } from 'yaml';
import { SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION, SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, SealingScope, ValidationError, loadSealingCertificate, sealValue, sealedSecretManifest, sealingLabel } from '../core';
import { CliIo, UsageError, outputFormat, renderDocument } from './io';
import { q, redactSecrets, typeOf } from '../core/errors';
import { yamlErrorSummary } from '../core/gitops/yaml';
import { checkNamespace, checkObjectName, checkSecretKey } from '../core/validate/names';
import { checkObject, checkSecretValue } from '../core/validate/values';

export const SEAL_HELP = `Usage: kube-secure-secrets seal --cert CERT [options] < secret.yaml > sealed.yaml
       kube-secure-secrets seal --cert CERT --name NAME --namespace NS --from-literal KEY=VALUE ... > sealed.yaml

Seal a Kubernetes Secret into a SealedSecret (bitnami.com/v1alpha1) that the sealed-secrets
controller can decrypt: the kubeseal equivalent. Reads a Secret (YAML or JSON) from standard input,
or builds one from --from-literal. Writes only ciphertext; never prints a value. Values under
stringData must be YAML strings as written: quote numbers, booleans and dates (pin: "0123"). Input
that is already SOPS-encrypted or a SealedSecret is refused.

Options:
  --cert FILE            the controller certificate (kubeseal --fetch-cert > pub-cert.pem) [required]
  --scope SCOPE          strict (default), namespace-wide or cluster-wide; default: the input's
                         sealedsecrets.bitnami.com annotations, else strict
  --name NAME            the Secret name (default: the input's metadata.name)
  --namespace NS         the Secret namespace (default: the input's metadata.namespace)
  --from-literal K=V     a key and value to seal (repeatable); instead of standard input
  --allow-expired-cert   seal with an expired certificate
  -o, --output FORMAT    yaml (default) or json
  -h, --help             this help
`;

interface SecretInput {
  name?: unknown;
  namespace?: unknown;
  annotations: Record<string, unknown>;
  labels?: unknown;
  type?: unknown;
  immutable?: unknown;
  /** Each value with the text it came from (for the empty-value check) and its bytes. */
  values: Array<{ key: string; source: string; bytes: Buffer }>;
}

/** A usage error whose text passes through the library's one redaction step, like every ValidationError. */
function usage(message: string): UsageError {
  return new UsageError(redactSecrets(message));
}

/** How a scalar that is not a string reads, for the message (never the value itself). */
function readsAs(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (value instanceof Date) {
    return 'a timestamp';
  }
  return typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : typeOf(value);
}

/**
 * The string a YAML node holds, read as the library reads YAML (1.2 core schema) and as kubectl does
 * (YAML 1.1: sigs.k8s.io/yaml over go-yaml v2, where `yes`, `on`, `y`, `0123` (octal), `1_000`, `1:20`
 * and dates are not strings). A value must be a string in both readings, else sealing it would seal a
 * different text from the one written (`pin: 0123` is the number 123, or 83 to kubectl).
 */
function stringNode(node12: unknown, node11: unknown, doc12: Document, doc11: Document, prop: string, what: 'value' | 'key'): string {
  const n12 = isAlias(node12) ? node12.resolve(doc12) : node12;
  const n11 = isAlias(node11) ? node11.resolve(doc11) : node11;
  if (!isScalar(n12) || !isScalar(n11)) {
    throw new ValidationError('seal', prop, `is ${isMap(n12) ? 'a map' : isSeq(n12) ? 'a list' : 'not a scalar'}; a Secret ${what} is a string. The value is not echoed.`);
  }
  const v12: unknown = n12.value;
  const v11: unknown = n11.value;
  if (typeof v12 !== 'string' || typeof v11 !== 'string') {
    const bad = typeof v12 !== 'string' ? v12 : v11;
    const reader = typeof v12 !== 'string' ? 'YAML' : 'kubectl\'s YAML 1.1 reader';
    throw new ValidationError('seal', prop, `is not a string: written unquoted, ${reader} reads it as ${readsAs(bad)}, so the text sealed would differ from the text written (an unquoted 0123 is the number 123). `
      + `Quote the ${what} ("...") so that it is sealed exactly as written. The value is not echoed.`);
  }
  return v12;
}

function checkMap(prop: string, value: unknown): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : checkObject('seal', prop, value, `a map (${prop} of the input Secret)`);
}

function readSecret(text: string): SecretInput {
  const all = parseAllDocuments(text);
  const docs = (Array.isArray(all) ? all : []).filter(d => d.contents !== null || d.errors.length > 0);
  if (docs.length > 1) {
    throw usage(`standard input holds ${docs.length} YAML documents; seal one Secret at a time.`);
  }
  const doc12 = docs[0];
  if (doc12 === undefined) {
    throw usage('no Secret on standard input and no --from-literal; pipe a Secret in (kubectl create secret generic x --from-literal=k=v --dry-run=client -o yaml | kube-secure-secrets seal --cert pub-cert.pem).');
  }
  if (doc12.errors.length > 0) {
    // The parser's message quotes the source around the error, which may be a value: code and position only.
    throw usage(`standard input is not YAML or JSON (${yamlErrorSummary(doc12.errors[0])}).`);
  }
  const doc11 = parseDocument(text, { version: '1.1' });
  let plain: unknown;
  try {
    plain = doc12.toJS();
  } catch (e) {
    throw usage(`standard input is not YAML or JSON (${yamlErrorSummary(e)}).`);
  }
  const doc = (typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? plain : {}) as Record<string, unknown>;
  if ('sops' in doc) {
    throw new ValidationError('seal', 'standard input', 'is SOPS-encrypted (it has a sops block): sealing it would seal the ENC[...] ciphertext, not the values. '
      + 'Decrypt it first (sops --decrypt secret.yaml | kube-secure-secrets seal --cert pub-cert.pem), or commit the SOPS file as it is.');
  }
  if (doc.kind === 'SealedSecret') {
    throw new ValidationError('seal', 'standard input', 'is already a SealedSecret; seal the original Secret instead, or re-encrypt this one for the current key with kubeseal --re-encrypt.');
  }
  if (doc.kind !== 'Secret' || (doc.apiVersion !== undefined && doc.apiVersion !== 'v1')) {
    throw usage(`standard input is not a v1 Secret (kind: ${q(doc.kind)}).`);
  }
  const metadata = checkMap('metadata', doc.metadata) ?? {};
  const values: SecretInput['values'] = [];
  const data = checkMap('data', doc.data) ?? {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw usage(`data[${q(key)}] is not base64; put plaintext under stringData.`);
    }
    values.push({ key, source: value, bytes: Buffer.from(value, 'base64') });
  }
  checkMap('stringData', doc.stringData);
  const map12 = doc12.get('stringData', true);
  const map11 = doc11.get('stringData', true);
  if (isMap(map12) && isMap(map11)) {
    map12.items.forEach((pair, i) => {
      const other = map11.items[i];
      const keyText = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : String(i);
      const key = stringNode(pair.key, other?.key, doc12, doc11, `stringData key ${q(keyText)}`, 'key');
      const value = stringNode(pair.value, other?.value, doc12, doc11, `stringData[${q(key)}]`, 'value');
      if (value.startsWith('ENC[AES256_GCM,')) {
        throw new ValidationError('seal', `stringData[${q(key)}]`, 'is SOPS ciphertext (ENC[...]); decrypt the file with sops --decrypt before sealing it.');
      }
      if (values.some(v => v.key === key)) {
        throw usage(`${q(key)} is in both data and stringData.`);
      }
      values.push({ key, source: value, bytes: Buffer.from(value, 'utf8') });
    });
  }
  const annotations = { ...(checkMap('metadata.annotations', metadata.annotations) ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    name: metadata.name,
    namespace: metadata.namespace,
    annotations,
    labels: checkMap('metadata.labels', metadata.labels),
    type: doc.type,
    immutable: doc.immutable,
    values,
  };
}

function scopeOf(flag: string | undefined, annotations: Record<string, unknown>): SealingScope {
  if (flag !== undefined) {
    const scope = Object.values(SealingScope).find(s => s === flag);
    if (!scope) {
      throw new UsageError(`--scope ${q(flag)} is not a scope; use strict, namespace-wide or cluster-wide.`);
    }
    return scope;
  }
  if (annotations[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION] === 'true') {
    return SealingScope.CLUSTER_WIDE;
  }
  if (annotations[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION] === 'true') {
    return SealingScope.NAMESPACE_WIDE;
  }
  return SealingScope.STRICT;
}

/** The options of `seal`. */
const SEAL_OPTIONS = {
  'cert': { type: 'string' },
  'scope': { type: 'string' },
  'name': { type: 'string' },
  'namespace': { type: 'string' },
  'from-literal': { type: 'string', multiple: true },
  'allow-expired-cert': { type: 'boolean' },
  'output': { type: 'string', short: 'o' },
} as const;

/** The flags; a stray positional argument is reported (without echoing it) by the CLI's one parseArgs handler. */
function sealFlags(args: string[]) {
  return parseArgs({ args, options: SEAL_OPTIONS, strict: true, allowPositionals: false }).values;
}

/** `kube-secure-secrets seal`: returns the exit code. */
export function sealCommand(args: string[], io: CliIo): number {
  const flags = sealFlags(args);
  if (!flags.cert) {
    throw new UsageError('--cert is required: the sealed-secrets controller certificate (kubeseal --fetch-cert > pub-cert.pem).');
  }
  const format = outputFormat(flags.output);
  let input: SecretInput;
  if (flags['from-literal'] && flags['from-literal'].length > 0) {
    input = { annotations: {}, values: [] };
    for (const literal of flags['from-literal']) {
      const eq = literal.indexOf('=');
      if (eq <= 0) {
        throw new UsageError('--from-literal needs KEY=VALUE (the value is not echoed).');
      }
      const value = literal.slice(eq + 1);
      input.values.push({ key: literal.slice(0, eq), source: value, bytes: Buffer.from(value, 'utf8') });
    }
  } else {
    const text = io.stdin();
    if (text === undefined || text.trim() === '') {
      throw new UsageError('no Secret on standard input and no --from-literal; pipe a Secret in (kubectl create secret generic x --from-literal=k=v --dry-run=client -o yaml | kube-secure-secrets seal --cert pub-cert.pem).');
    }
    input = readSecret(text);
  }
  const name = flags.name ?? input.name;
  if (name === undefined || name === null || name === '') {
    throw new UsageError('the Secret has no name; give --name or metadata.name.');
  }
  const checkedName = checkObjectName('seal', flags.name !== undefined ? '--name' : 'metadata.name', name, 'Secret name');
  const rawNamespace = flags.namespace ?? input.namespace;
  const namespace = rawNamespace === undefined || rawNamespace === null ? undefined : checkNamespace('seal', flags.namespace !== undefined ? '--namespace' : 'metadata.namespace', rawNamespace);
  const scope = scopeOf(flags.scope, input.annotations);
  const annotations = { ...input.annotations };
  delete annotations[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION];
  delete annotations[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION];

  const cert = loadSealingCertificate(io.readFile(flags.cert), { allowExpiredCertificate: flags['allow-expired-cert'], component: 'seal' });
  const label = sealingLabel(scope, namespace, checkedName, 'seal');
  const encryptedData: Record<string, string> = {};
  for (const { key, source, bytes } of input.values) {
    checkSecretKey('seal', `key ${q(key)}`, key);
    checkSecretValue('seal', `key ${q(key)}`, bytes.length === 0 ? '' : source);
    if (key in encryptedData) {
      throw new UsageError(`key ${q(key)} is given twice.`);
    }
    encryptedData[key] = sealValue(cert, label, bytes);
  }
  const manifest = sealedSecretManifest({
    name: checkedName,
    namespace,
    scope,
    encryptedData,
    type: input.type as string | undefined,
    labels: input.labels as Record<string, string> | undefined,
    annotations: annotations as Record<string, string>,
    immutable: input.immutable as boolean | undefined,
    component: 'seal',
  });
  io.out(renderDocument(manifest, format));
  return 0;
}
