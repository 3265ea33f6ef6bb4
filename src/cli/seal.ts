import { parseArgs } from 'util';
import { parse as parseYaml } from 'yaml';
import { SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION, SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, SealingScope, ValidationError, loadSealingCertificate, sealValue, sealedSecretManifest, sealingLabel } from '../core';
import { CliIo, UsageError, outputFormat, renderDocument } from './io';
import { q } from '../core/errors';
import { checkSecretKey } from '../core/validate/names';

export const SEAL_HELP = `Usage: kube-secure-secrets seal --cert CERT [options] < secret.yaml > sealed.yaml
       kube-secure-secrets seal --cert CERT --name NAME --namespace NS --from-literal KEY=VALUE ... > sealed.yaml

Seal a Kubernetes Secret into a SealedSecret (bitnami.com/v1alpha1) that the sealed-secrets
controller can decrypt: the kubeseal equivalent. Reads a Secret (YAML or JSON) from standard input,
or builds one from --from-literal. Writes only ciphertext; never prints a value.

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
  name?: string;
  namespace?: string;
  annotations: Record<string, string>;
  labels: Record<string, string>;
  type?: string;
  immutable?: boolean;
  values: Array<[string, Buffer]>;
}

function readSecret(text: string): SecretInput {
  let doc: any;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new UsageError(`standard input is not YAML or JSON (${(e as Error).message.split('\n')[0]}).`);
  }
  if (!doc || doc.kind !== 'Secret' || (doc.apiVersion !== undefined && doc.apiVersion !== 'v1')) {
    throw new UsageError(`standard input is not a v1 Secret (kind: ${q(doc?.kind)}).`);
  }
  const values: Array<[string, Buffer]> = [];
  for (const [key, value] of Object.entries<unknown>(doc.data ?? {})) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw new UsageError(`data[${q(key)}] is not base64; put plaintext under stringData.`);
    }
    values.push([key, Buffer.from(value, 'base64')]);
  }
  for (const [key, value] of Object.entries<unknown>(doc.stringData ?? {})) {
    if (values.some(([k]) => k === key)) {
      throw new UsageError(`${q(key)} is in both data and stringData.`);
    }
    values.push([key, Buffer.from(String(value ?? ''), 'utf8')]);
  }
  const annotations = { ...(doc.metadata?.annotations ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    name: doc.metadata?.name,
    namespace: doc.metadata?.namespace,
    annotations,
    labels: { ...(doc.metadata?.labels ?? {}) },
    type: doc.type,
    immutable: doc.immutable,
    values,
  };
}

function scopeOf(flag: string | undefined, annotations: Record<string, string>): SealingScope {
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

/** `kube-secure-secrets seal`: returns the exit code. */
export function sealCommand(args: string[], io: CliIo): number {
  const { values: flags } = parseArgs({
    args,
    options: {
      'cert': { type: 'string' },
      'scope': { type: 'string' },
      'name': { type: 'string' },
      'namespace': { type: 'string' },
      'from-literal': { type: 'string', multiple: true },
      'allow-expired-cert': { type: 'boolean' },
      'output': { type: 'string', short: 'o' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (!flags.cert) {
    throw new UsageError('--cert is required: the sealed-secrets controller certificate (kubeseal --fetch-cert > pub-cert.pem).');
  }
  const format = outputFormat(flags.output);
  let input: SecretInput;
  if (flags['from-literal'] && flags['from-literal'].length > 0) {
    input = { annotations: {}, labels: {}, values: [] };
    for (const literal of flags['from-literal']) {
      const eq = literal.indexOf('=');
      if (eq <= 0) {
        throw new UsageError('--from-literal needs KEY=VALUE (the value is not echoed).');
      }
      input.values.push([literal.slice(0, eq), Buffer.from(literal.slice(eq + 1), 'utf8')]);
    }
  } else {
    const text = io.stdin();
    if (text === undefined || text.trim() === '') {
      throw new UsageError('no Secret on standard input and no --from-literal; pipe a Secret in (kubectl create secret generic x --from-literal=k=v --dry-run=client -o yaml | kube-secure-secrets seal --cert pub-cert.pem).');
    }
    input = readSecret(text);
  }
  const name = flags.name ?? input.name;
  const namespace = flags.namespace ?? input.namespace;
  if (!name) {
    throw new UsageError('the Secret has no name; give --name or metadata.name.');
  }
  const scope = scopeOf(flags.scope, input.annotations);
  const annotations = { ...input.annotations };
  delete annotations[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION];
  delete annotations[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION];

  const cert = loadSealingCertificate(io.readFile(flags.cert), { allowExpiredCertificate: flags['allow-expired-cert'], component: 'seal' });
  const label = sealingLabel(scope, namespace, name, 'seal');
  const encryptedData: Record<string, string> = {};
  for (const [key, value] of input.values) {
    checkSecretKey('seal', `key ${q(key)}`, key);
    if (value.length === 0) {
      throw new ValidationError('seal', `key ${q(key)}`, 'has an empty value; a sealed value must not be empty.');
    }
    if (key in encryptedData) {
      throw new UsageError(`key ${q(key)} is given twice.`);
    }
    encryptedData[key] = sealValue(cert, label, value);
  }
  const manifest = sealedSecretManifest({
    name, namespace, scope, encryptedData, type: input.type, labels: input.labels, annotations, immutable: input.immutable, component: 'seal',
  });
  io.out(renderDocument(manifest, format));
  return 0;
}
