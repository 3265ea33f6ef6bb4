import { parseArgs } from 'util';
import { Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, stringify } from 'yaml';
import {
  SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION, SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION, SealedSecretManifest, SealingCertificate, SealingScope,
  ValidationError, loadSealingCertificate, sealValue, sealedSecretManifest, sealingLabel,
} from '../core';
import { FlagTerms, inFlagTerms } from './flag-terms';
import { CliIo, UsageError, fetchHttpsText, fileOfFlag, inputFile, outputFile, showPath } from './io';
import { q, redactSecrets, typeOf } from '../core/errors';
import {
  annotatedScope, checkSealableData, mergeSealedSecret, parseSealedSecretFile, resolveSealingNamespace, resolveSealingScope, sealedSecretFileContents,
} from '../core/gitops/kubeseal';
import { yamlErrorSummary } from '../core/gitops/yaml';
import { checkNamespace, checkObjectName, checkSecretKey } from '../core/validate/names';
import { checkObject, optIn } from '../core/validate/values';

export const SEAL_HELP = `Usage: kube-secure-secrets seal --cert CERT [options] < secret.yaml > sealed.json
       kube-secure-secrets seal --cert CERT --name NAME --namespace NS --from-literal KEY=VALUE ... > sealed.json
       kube-secure-secrets seal --cert CERT --raw --name NAME --namespace NS [--from-file FILE] < value
       kube-secure-secrets seal --cert CERT --merge-into sealed.json < secret.yaml

Seal Kubernetes Secrets into SealedSecrets (bitnami.com/v1alpha1) that the sealed-secrets controller
decrypts: a drop-in for kubeseal with a certificate, with kubeseal's flags. Reads Secrets (YAML or
JSON; a stream of documents is sealed document by document) from standard input or -f, or builds one
from --from-literal. Writes only ciphertext; never prints a value, never contacts the cluster. Values
under stringData must be YAML strings as written: quote numbers, booleans and dates (pin: "0123").
Input that is SOPS-encrypted or already a SealedSecret is refused.

Options:
  --cert CERT              the controller certificate: a file, or an https:// URL (fetched with
                           certificate verification; plain http is refused), or - for standard
                           input when the Secret comes from -f FILE or --from-literal [required]
  -o, --format FORMAT      json (the default, as kubeseal) or yaml
  --scope SCOPE            strict, namespace-wide or cluster-wide. Without it (or with the default,
                           strict) the input's sealedsecrets.bitnami.com/cluster-wide or
                           namespace-wide annotation decides, as in kubeseal; a --scope that
                           contradicts the annotation is refused
  --name NAME              the Secret name (default: metadata.name; one document only)
  -n, --namespace NS       the namespace when the input has none; one that contradicts the input's
                           metadata.namespace is refused (kubeseal: "namespace mismatch")
  --from-literal K=V       a key and value to seal (repeatable), instead of standard input
  -f, --secret-file FILE   read the Secret(s) from FILE instead of standard input (- for standard input)
  -w, --sealed-secret-file FILE
                           write to FILE (safely: a new file renamed over the old) instead of
                           standard output (- for standard output); a .yaml/.yml name means
                           --format yaml unless given
  --raw                    seal one value (from --from-file or standard input) and print it in
                           base64 with no newline; needs --namespace (unless cluster-wide) and
                           --name (strict)
  --from-file [KEY=]FILE   with --raw: the file holding the value (bytes, not re-encoded; - for
                           standard input)
  --merge-into FILE        seal the Secret for FILE's name, namespace and scope, merge its values
                           into FILE (an existing SealedSecret) and rewrite FILE safely, in its own
                           format unless --format is given; a symbolic link (or anything but a
                           regular file of yours) is refused before it is read
  --allow-empty-data       seal a Secret with no data at all (a key with an empty value is sealed
                           without it)
  --allow-expired-cert     seal with an expired certificate
  --output FORMAT          deprecated: the old name of --format
  -h, --help               this help

Needs the cluster or the controller's key, so not done here (the kubeseal command to run is printed):
  --fetch-cert, --re-encrypt (--rotate), --recovery-unseal, --recovery-private-key, --validate.
  --controller-name, --controller-namespace and --kubeconfig are accepted and only used in that
  command. Exit codes: 0 sealed, 1 input refused or a file error, 2 bad usage.
`;

/** A Secret as read from the input. */
export interface SecretInput {
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
function stringNode(node12: unknown, node11: unknown, doc12: Document, doc11: Document, prop: string, what: 'value' | 'key', component = 'seal'): string {
  const n12 = isAlias(node12) ? node12.resolve(doc12) : node12;
  const n11 = isAlias(node11) ? node11.resolve(doc11) : node11;
  if (!isScalar(n12) || !isScalar(n11)) {
    throw new ValidationError(component, prop, `is ${isMap(n12) ? 'a map' : isSeq(n12) ? 'a list' : 'not a scalar'}; a Secret ${what} is a string. The value is not echoed.`);
  }
  const v12: unknown = n12.value;
  const v11: unknown = n11.value;
  if (typeof v12 !== 'string' || typeof v11 !== 'string') {
    const bad = typeof v12 !== 'string' ? v12 : v11;
    const reader = typeof v12 !== 'string' ? 'YAML' : 'kubectl\'s YAML 1.1 reader';
    throw new ValidationError(component, prop, `is not a string: written unquoted, ${reader} reads it as ${readsAs(bad)}, so the text sealed would differ from the text written (an unquoted 0123 is the number 123). `
      + `Quote the ${what} ("...") so that it is sealed exactly as written. The value is not echoed.`);
  }
  return v12;
}

function checkMap(prop: string, value: unknown, component = 'seal'): Record<string, unknown> | undefined {
  const field = prop.replace(/^document \d+: /, '');
  return value === undefined || value === null ? undefined : checkObject(component, prop, value, `a map (${field} of the input Secret)`);
}

/** Where a document came from, for messages: `standard input`, `secret.yaml`, `standard input document 2`. */
interface Origin {
  /** The source and, when it holds several documents, the document's number. */
  readonly where: string;
  /** The prefix of a prop inside the document (`document 2: `), empty when there is one document. */
  readonly prefix: string;
}

/**
 * Every Secret of a YAML or JSON stream, document by document, as kubeseal reads them (kubeseal.go:170-193,
 * `readSecrets`: a YAML-or-JSON decoder over the stream, empty documents skipped).
 */
export function readSecrets(text: string, source: string, component = 'seal'): SecretInput[] {
  // An empty document (`---` alone, or only comments) parses to a null scalar: skipped, as kubeseal does.
  const keep = (d: Document.Parsed) => d.errors.length > 0 || !(d.contents === null || (isScalar(d.contents) && d.contents.value === null));
  const all12 = parseAllDocuments(text);
  const docs12 = (Array.isArray(all12) ? all12 : []).filter(keep);
  const all11 = parseAllDocuments(text, { version: '1.1' });
  const docs11 = (Array.isArray(all11) ? all11 : []).filter(keep);
  if (docs12.length === 0) {
    throw usage(`no Secret in ${source}; pipe a Secret in (kubectl create secret generic x --from-literal=k=v --dry-run=client -o yaml | kube-secure-secrets seal --cert pub-cert.pem).`);
  }
  return docs12.map((doc12, i) => {
    const origin: Origin = docs12.length > 1 ? { where: `${source} document ${i + 1}`, prefix: `document ${i + 1}: ` } : { where: source, prefix: '' };
    return readSecret(doc12, docs11[i] ?? doc12, origin, component);
  });
}

function readSecret(doc12: Document.Parsed, doc11: Document.Parsed, origin: Origin, component: string): SecretInput {
  const { where, prefix } = origin;
  if (doc12.errors.length > 0) {
    // The parser's message quotes the source around the error, which may be a value: code and position only.
    throw usage(`${where} is not YAML or JSON (${yamlErrorSummary(doc12.errors[0])}).`);
  }
  let plain: unknown;
  try {
    plain = doc12.toJS();
  } catch (e) {
    throw usage(`${where} is not YAML or JSON (${yamlErrorSummary(e)}).`);
  }
  const doc = (typeof plain === 'object' && plain !== null && !Array.isArray(plain) ? plain : {}) as Record<string, unknown>;
  if ('sops' in doc) {
    throw new ValidationError(component, where, 'is SOPS-encrypted (it has a sops block): sealing it would seal the ENC[...] ciphertext, not the values. '
      + 'Decrypt it first (kube-secure-secrets sops decrypt secret.yaml | kube-secure-secrets seal --cert pub-cert.pem), or commit the SOPS file as it is.');
  }
  if (doc.kind === 'SealedSecret') {
    throw new ValidationError(component, where, 'is already a SealedSecret; seal the original Secret instead, or re-encrypt this one for the current key with kubeseal --re-encrypt.');
  }
  if (doc.kind !== 'Secret' || (doc.apiVersion !== undefined && doc.apiVersion !== 'v1')) {
    throw usage(`${where} is not a v1 Secret (kind: ${q(doc.kind)}).`);
  }
  const metadata = checkMap(`${prefix}metadata`, doc.metadata, component) ?? {};
  const values: SecretInput['values'] = [];
  const data = checkMap(`${prefix}data`, doc.data, component) ?? {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
      throw usage(`${prefix}data[${q(key)}] is not base64; put plaintext under stringData.`);
    }
    values.push({ key, source: value, bytes: Buffer.from(value, 'base64') });
  }
  checkMap(`${prefix}stringData`, doc.stringData, component);
  const map12 = doc12.get('stringData', true);
  const map11 = doc11.get('stringData', true);
  if (isMap(map12) && isMap(map11)) {
    map12.items.forEach((pair, i) => {
      const other = map11.items[i];
      const keyText = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : String(i);
      const key = stringNode(pair.key, other?.key, doc12, doc11, `${prefix}stringData key ${q(keyText)}`, 'key', component);
      const value = stringNode(pair.value, other?.value, doc12, doc11, `${prefix}stringData[${q(key)}]`, 'value', component);
      if (value.startsWith('ENC[AES256_GCM,')) {
        throw new ValidationError(component, `${prefix}stringData[${q(key)}]`, 'is SOPS ciphertext (ENC[...]); decrypt the file with sops --decrypt before sealing it.');
      }
      if (values.some(v => v.key === key)) {
        throw usage(`${prefix}${q(key)} is in both data and stringData.`);
      }
      values.push({ key, source: value, bytes: Buffer.from(value, 'utf8') });
    });
  }
  const annotations = { ...(checkMap(`${prefix}metadata.annotations`, metadata.annotations, component) ?? {}) };
  delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
  return {
    name: metadata.name,
    namespace: metadata.namespace,
    annotations,
    labels: checkMap(`${prefix}metadata.labels`, metadata.labels, component),
    type: doc.type,
    immutable: doc.immutable,
    values,
  };
}

function scopeFlag(flag: string | undefined): SealingScope | undefined {
  if (flag === undefined) {
    return undefined;
  }
  const scope = Object.values(SealingScope).find(s => s === flag);
  if (!scope) {
    throw new UsageError(`--scope ${q(flag)} is not a scope; use strict, namespace-wide or cluster-wide.`);
  }
  return scope;
}

/** What the sealing library's opt-ins are on this command line. */
const SEAL_TERMS: FlagTerms = { optIns: { allowExpiredCertificate: '--allow-expired-cert' } };

/**
 * The options of `seal` (the CLI's help detection reads them too): kubeseal's names (cmd/kubeseal/main.go:82-106, `bindFlags`), plus
 * `--from-literal` and `--allow-expired-cert` of this tool and `--output`, its old name of `--format`.
 */
export const SEAL_OPTIONS = {
  'cert': { type: 'string' },
  'scope': { type: 'string' },
  'name': { type: 'string' },
  // kubeseal takes the namespace from kubectl's override flags (main.go:124-127): --namespace, -n.
  'namespace': { type: 'string', short: 'n' },
  'from-literal': { type: 'string', multiple: true },
  'from-file': { type: 'string', multiple: true },
  'raw': { type: 'boolean' },
  'merge-into': { type: 'string' },
  'secret-file': { type: 'string', short: 'f' },
  'sealed-secret-file': { type: 'string', short: 'w' },
  'allow-expired-cert': { type: 'boolean' },
  'allow-empty-data': { type: 'boolean' },
  'format': { type: 'string', short: 'o' },
  'output': { type: 'string' },
  // Cluster operations: refused with the kubeseal command to run instead.
  'fetch-cert': { type: 'boolean' },
  're-encrypt': { type: 'boolean' },
  'rotate': { type: 'boolean' },
  'recovery-unseal': { type: 'boolean' },
  'recovery-private-key': { type: 'string', multiple: true },
  'validate': { type: 'boolean' },
  'controller-name': { type: 'string' },
  'controller-namespace': { type: 'string' },
  'kubeconfig': { type: 'string' },
} as const;

/** The flags; a stray positional argument is reported (without echoing it) by the CLI's one parseArgs handler. */
function sealFlags(args: string[]) {
  return parseArgs({ args, options: SEAL_OPTIONS, strict: true, allowPositionals: false }).values;
}

type SealFlags = ReturnType<typeof sealFlags>;

/** `--controller-name X --controller-namespace Y`, as given, for the command printed instead. */
function controllerFlags(flags: SealFlags): string {
  const words: string[] = [];
  for (const name of ['controller-name', 'controller-namespace', 'kubeconfig'] as const) {
    const value = flags[name];
    if (value !== undefined) {
      words.push(`--${name} ${/^[\w./:@-]+$/.test(value) ? value : '...'}`);
    }
  }
  return words.length > 0 ? ` ${words.join(' ')}` : '';
}

/**
 * What kubeseal does with the cluster or the controller's private key, which this tool never touches:
 * the command to run instead (main.go:184-209).
 */
function clusterOperation(flags: SealFlags): string | undefined {
  const c = controllerFlags(flags);
  if (flags['fetch-cert']) {
    return `--fetch-cert needs the cluster, which this tool never contacts; run: kubeseal --fetch-cert${c} > pub-cert.pem, then seal with --cert pub-cert.pem.`;
  }
  if (flags['re-encrypt'] || flags.rotate) {
    return `--${flags.rotate ? 'rotate' : 're-encrypt'} is done by the controller (it holds the private key); run: kubeseal --re-encrypt${c} < sealed.json > resealed.json.`;
  }
  if (flags['recovery-unseal'] || flags['recovery-private-key']) {
    return '--recovery-unseal needs the controller\'s private key, which this tool never handles; run: kubeseal --recovery-unseal --recovery-private-key backup-key.yaml < sealed.json.';
  }
  if (flags.validate) {
    return `--validate asks the controller whether it can unseal; run: kubeseal --validate${c} < sealed.json.`;
  }
  return undefined;
}

type Format = 'json' | 'yaml';

function formatValue(flag: string, value: string): Format {
  // kubeseal.go:393: the format is read case-insensitively; "" is JSON.
  const f = value.toLowerCase();
  if (f !== 'json' && f !== 'yaml') {
    throw new UsageError(`${flag} ${q(value)} is not supported; use json (the default, as kubeseal) or yaml.`);
  }
  return f;
}

/**
 * The output format: `--format`/`-o` (main.go:87: JSON by default), else YAML for a `-w` file named
 * `.yaml`/`.yml` (main.go:165-167), else `fallback`. `--output` is this tool's old name of the flag: it
 * still works, with a warning.
 */
function formatOf(flags: SealFlags, io: CliIo, fallback: Format, outFile?: string): { format: Format; explicit: boolean } {
  const given = flags.format !== undefined ? formatValue('--format', flags.format) : undefined;
  const old = flags.output !== undefined ? formatValue('--output', flags.output) : undefined;
  if (given !== undefined && old !== undefined && given !== old) {
    throw new UsageError(`--format ${given} and --output ${old} contradict each other; give --format only.`);
  }
  if (flags.output !== undefined) {
    io.err('warning: seal: --output is deprecated; use --format (kubeseal\'s name; -o is its short form). Note that JSON is now the default, as in kubeseal.\n');
  }
  const explicit = given ?? old;
  if (explicit !== undefined) {
    return { format: explicit, explicit: true };
  }
  if (outFile !== undefined && /\.ya?ml$/i.test(outFile)) {
    return { format: 'yaml', explicit: false };
  }
  return { format: fallback, explicit: false };
}

/** A document as kubeseal renders it (kubeseal.go:391-416): YAML after `---`, or indented JSON and a newline. */
function render(doc: unknown, format: Format): string {
  return format === 'yaml' ? `---\n${stringify(doc)}` : `${JSON.stringify(doc, null, 2)}\n`;
}

function nonEmpty(flag: string, value: string | undefined): string | undefined {
  if (value === '') {
    throw new UsageError(`${flag} needs a file name.`);
  }
  return value;
}

/**
 * The certificate's text: a file, or an https URL fetched as kubeseal does (kubeseal.go:106-137,
 * `openCertLocal`), or `-`: standard input, unless `stdinCarries` names what standard input holds already.
 */
function readCertificate(cert: string, io: CliIo, stdinCarries: string | undefined): string {
  return fileOfFlag('--cert', () => readCertificateFrom(cert, io, stdinCarries));
}

function readCertificateFrom(cert: string, io: CliIo, stdinCarries: string | undefined): string {
  if (cert === '-') {
    if (stdinCarries !== undefined) {
      throw new UsageError(`--cert - reads the certificate from standard input, which carries ${stdinCarries}; give the certificate's file (or the Secret with -f FILE or --from-literal).`);
    }
    const text = io.stdin();
    if (text === undefined) {
      throw new UsageError('--cert - reads the certificate from standard input, and nothing was piped in; give the certificate\'s file, or pipe it in (kubeseal --fetch-cert | kube-secure-secrets seal --cert - -f secret.yaml).');
    }
    return text;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(cert) && !/^file:\/\//i.test(cert)) {
    return (io.fetchUrl ?? fetchHttpsText)(cert);
  }
  return io.readFile(cert.replace(/^file:\/\//i, ''));
}

/** Write the result: to standard output, or safely to the `-w` file. */
function emit(io: CliIo, text: string, outFile: string | undefined): void {
  if (outFile === undefined) {
    io.out(text);
  } else {
    fileOfFlag('--sealed-secret-file', () => io.writeFile(outFile, text, { mode: 0o644 }));
  }
}

/** `--raw`: seal one value (main.go:220-260, kubeseal.go:495-505): base64, no newline. */
function sealRaw(flags: SealFlags, io: CliIo, outFile: string | undefined): number {
  if (flags['merge-into'] !== undefined) {
    throw new UsageError('--raw and --merge-into do not go together: --raw prints one sealed value; --merge-into seals a Secret into a file.');
  }
  if (flags['from-literal'] !== undefined) {
    throw new UsageError('--raw takes its value from --from-file or standard input, not --from-literal (a value on the command line is visible to every user of the machine).');
  }
  if (flags['secret-file'] !== undefined) {
    throw new UsageError('--raw takes its value from --from-file or standard input; --secret-file is for a whole Secret.');
  }
  const scope = scopeFlag(flags.scope) ?? SealingScope.STRICT;
  if (scope !== SealingScope.CLUSTER_WIDE && !flags.namespace) {
    throw new UsageError(`must provide the --namespace flag with --raw and --scope ${scope} (as kubeseal: this tool does not read the kubeconfig).`);
  }
  if (scope === SealingScope.STRICT && !flags.name) {
    throw new UsageError('must provide the --name flag with --raw and --scope strict.');
  }
  const name = flags.name === undefined ? undefined : checkObjectName('seal', '--name', flags.name, 'Secret name');
  const namespace = flags.namespace === undefined ? undefined : checkNamespace('seal', '--namespace', flags.namespace);
  const fromFile = flags['from-file'] ?? [];
  if (fromFile.length > 1) {
    throw new UsageError('must provide only one --from-file when encrypting a single item with --raw.');
  }
  let bytes: Buffer | undefined;
  if (fromFile.length === 1) {
    // kubectl's [key=]path syntax (kubeseal.go:507-515, ParseFromFile): the key is not used with --raw.
    const eq = fromFile[0].indexOf('=');
    const file = inputFile('--from-file', eq >= 0 ? fromFile[0].slice(eq + 1) : fromFile[0]);
    if (file !== undefined) {
      bytes = fileOfFlag('--from-file', () => (io.readFileBytes ? io.readFileBytes(file) : Buffer.from(io.readFile(file), 'utf8')));
    }
  }
  let stdinCarries: string | undefined;
  if (bytes === undefined) {
    stdinCarries = 'the value to seal';
    const input = io.stdinBytes ? io.stdinBytes() : (s => (s === undefined ? undefined : Buffer.from(s, 'utf8')))(io.stdin());
    if (input === undefined) {
      throw new UsageError('--raw seals the value on standard input or in --from-file; nothing was given (printf %s "$VALUE" | kube-secure-secrets seal --raw ...).');
    }
    bytes = input;
  }
  checkSealableData('seal', bytes.length === 0 ? 0 : 1, optIn('seal', '--allow-empty-data', flags['allow-empty-data']), 'the --raw value');
  const cert = inFlagTerms(SEAL_TERMS, () => loadSealingCertificate(readCertificate(flags.cert as string, io, stdinCarries), { allowExpiredCertificate: flags['allow-expired-cert'], component: 'seal' }));
  emit(io, sealValue(cert, sealingLabel(scope, namespace, name, 'seal'), bytes), outFile);
  return 0;
}

/** The values of `--from-literal`, as one Secret. */
function literalSecret(literals: readonly string[]): SecretInput {
  const input: SecretInput = { annotations: {}, values: [] };
  for (const literal of literals) {
    const eq = literal.indexOf('=');
    if (eq <= 0) {
      throw new UsageError('--from-literal needs KEY=VALUE (the value is not echoed).');
    }
    const value = literal.slice(eq + 1);
    input.values.push({ key: literal.slice(0, eq), source: value, bytes: Buffer.from(value, 'utf8') });
  }
  return input;
}

/** The Secrets to seal: `--from-literal`, `-f FILE` or standard input. */
function inputSecrets(flags: SealFlags, io: CliIo): SecretInput[] {
  if (flags['from-literal'] && flags['from-literal'].length > 0) {
    if (flags['secret-file'] !== undefined) {
      throw new UsageError('--from-literal and --secret-file do not go together: give the values one way.');
    }
    return [literalSecret(flags['from-literal'])];
  }
  const file = inputFile('--secret-file', flags['secret-file']);
  const text = file !== undefined ? fileOfFlag('--secret-file', () => io.readFile(file)) : io.stdin();
  if (text === undefined || text.trim() === '') {
    throw new UsageError(file !== undefined
      ? `${showPath(file)} holds no Secret.`
      : 'no Secret on standard input and no --from-literal; pipe a Secret in (kubectl create secret generic x --from-literal=k=v --dry-run=client -o yaml | kube-secure-secrets seal --cert pub-cert.pem).');
  }
  return readSecrets(text, file !== undefined ? showPath(file) : 'standard input');
}

/** One Secret sealed: the SealedSecret, bound to `name`, `namespace` and `scope`. */
interface SealTarget {
  readonly name: string;
  readonly namespace?: string;
  readonly scope: SealingScope;
}

function sealOne(input: SecretInput, target: SealTarget, cert: SealingCertificate, allowEmptyData: boolean, where: string, keepType = true)
  : SealedSecretManifest {
  checkSealableData('seal', input.values.length, allowEmptyData, where);
  const label = sealingLabel(target.scope, target.namespace, target.name, 'seal');
  const encryptedData: Record<string, string> = {};
  for (const { key, bytes } of input.values) {
    checkSecretKey('seal', `key ${q(key)}`, key);
    if (key in encryptedData) {
      throw new UsageError(`key ${q(key)} is given twice.`);
    }
    // An empty value is sealed, as kubeseal does: only wholly empty data is refused (checkSealableData).
    encryptedData[key] = sealValue(cert, label, bytes);
  }
  const annotations = { ...input.annotations };
  delete annotations[SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION];
  delete annotations[SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION];
  return sealedSecretManifest({
    name: target.name,
    namespace: target.namespace,
    scope: target.scope,
    encryptedData,
    type: keepType ? input.type as string | undefined : undefined,
    labels: input.labels as Record<string, string> | undefined,
    annotations: annotations as Record<string, string>,
    immutable: keepType ? input.immutable as boolean | undefined : undefined,
    allowEmptyData: allowEmptyData || undefined,
    component: 'seal',
  });
}

function inputNamespace(input: SecretInput, where: string): string | undefined {
  return input.namespace === undefined || input.namespace === null ? undefined : checkNamespace('seal', `metadata.namespace of ${where}`, input.namespace);
}

/**
 * `--merge-into FILE` (kubeseal.go:430-493): seal the Secret for the file's name, namespace and scope,
 * merge its values into the file and write the file back safely (a new file renamed over the old one;
 * kubeseal truncates and rewrites in place). Nothing goes to standard output.
 */
function sealMergingInto(flags: SealFlags, io: CliIo, file: string, inputs: SecretInput[], cert: () => SealingCertificate): number {
  if (flags['sealed-secret-file'] !== undefined) {
    throw new UsageError('--merge-into writes the file it names; -w/--sealed-secret-file does not go with it.');
  }
  if (inputs.length !== 1) {
    throw new UsageError(`--merge-into merges one Secret; the input holds ${inputs.length}.`);
  }
  const source = showPath(file);
  // Refused as the writer would refuse it (a symbolic link above all) before anything is read through it.
  const { text, mode } = fileOfFlag('--merge-into', () => (io.readFileToRewrite ? io.readFileToRewrite(file) : { text: io.readFile(file), mode: 0o644 }));
  const existing = parseSealedSecretFile('seal', `--merge-into ${source}`, text);
  const target = sealedSecretFileContents('seal', `--merge-into ${source}`, existing.document);
  const input = inputs[0];
  // kubeseal.go:450: the file's name and namespace override the input's.
  if (flags.name !== undefined && flags.name !== target.name) {
    throw new ValidationError('seal', '--name', `${q(flags.name)} contradicts metadata.name ${q(target.name)} of ${source}; the merged values are bound to the file's name.`);
  }
  const namespace = resolveSealingNamespace('seal', flags.namespace, inputNamespace(input, 'the input'));
  if (namespace !== undefined && target.namespace !== undefined && namespace !== target.namespace) {
    throw new ValidationError('seal', 'namespace', `${q(namespace)} of the input contradicts metadata.namespace ${q(target.namespace)} of ${source}; the values would not unseal there.`);
  }
  const asked = scopeFlag(flags.scope) ?? annotatedScope(input.annotations);
  if (asked !== undefined && asked !== target.scope) {
    throw new ValidationError('seal', '--scope', `${q(asked)} (of the flag or the input's annotation) contradicts scope ${q(target.scope)} of ${source}; values merged into it must be sealed with its scope.`);
  }
  const update = sealOne(input, { name: target.name, namespace: target.namespace, scope: target.scope }, cert(), optIn('seal', '--allow-empty-data', flags['allow-empty-data']), 'the input Secret', false);
  const merged = mergeSealedSecret(existing.document, update);
  const { format } = formatOf(flags, io, existing.format);
  fileOfFlag('--merge-into', () => io.writeFile(file, render(merged, format), { mode }));
  return 0;
}

/** `kube-secure-secrets seal`: returns the exit code. */
export function sealCommand(args: string[], io: CliIo): number {
  const flags = sealFlags(args);
  const instead = clusterOperation(flags);
  if (instead) {
    throw new UsageError(instead);
  }
  if (!flags.cert) {
    throw new UsageError(`--cert is required: the sealed-secrets controller certificate, a file or an https:// URL (kubeseal --fetch-cert${controllerFlags(flags)} > pub-cert.pem).`);
  }
  if (flags['from-file'] !== undefined && !flags.raw) {
    throw new UsageError('--from-file requires --raw (as in kubeseal); to seal a whole Secret from files, build it with kubectl create secret generic --from-file ... --dry-run=client -o yaml.');
  }
  const outFile = outputFile('--sealed-secret-file', flags['sealed-secret-file']);
  if (flags.raw) {
    if (flags.format !== undefined || flags.output !== undefined) {
      throw new UsageError('--raw prints one sealed value (base64), not a document: --format does not apply.');
    }
    return sealRaw(flags, io, outFile);
  }
  const mergeInto = nonEmpty('--merge-into', flags['merge-into']);
  if (mergeInto === '-') {
    throw new UsageError('--merge-into rewrites the SealedSecret file it names; - (standard input or output) is not one: give the file\'s path.');
  }
  const inputs = inputSecrets(flags, io);
  const secretOnStdin = !(flags['from-literal'] && flags['from-literal'].length > 0) && inputFile('--secret-file', flags['secret-file']) === undefined;
  const allowEmptyData = optIn('seal', '--allow-empty-data', flags['allow-empty-data']);
  let loaded: SealingCertificate | undefined;
  const cert = (): SealingCertificate => {
    loaded ??= inFlagTerms(SEAL_TERMS, () => loadSealingCertificate(readCertificate(flags.cert as string, io, secretOnStdin ? 'the Secret' : undefined), { allowExpiredCertificate: flags['allow-expired-cert'], component: 'seal' }));
    return loaded;
  };
  if (mergeInto !== undefined) {
    return sealMergingInto(flags, io, mergeInto, inputs, cert);
  }
  const { format } = formatOf(flags, io, 'json', outFile);
  if (flags.name !== undefined && inputs.length > 1) {
    throw new UsageError(`--name renames one Secret; the input holds ${inputs.length} (each keeps its metadata.name).`);
  }
  // Every document is sealed before anything is written: a refusal in document 3 prints nothing.
  const sealed = inputs.map((input, i) => {
    const where = inputs.length > 1 ? `document ${i + 1}` : 'the input Secret';
    const name = flags.name ?? input.name;
    if (name === undefined || name === null || name === '') {
      throw new UsageError(`${inputs.length > 1 ? `${where} has` : 'the Secret has'} no name; give --name or metadata.name (kubeseal: "missing metadata.name in input Secret").`);
    }
    const checkedName = checkObjectName('seal', flags.name !== undefined ? '--name' : 'metadata.name', name, 'Secret name');
    const scope = resolveSealingScope('seal', scopeFlag(flags.scope), input.annotations, inputs.length > 1 ? where : 'the input');
    const flagNamespace = flags.namespace === undefined ? undefined : checkNamespace('seal', '--namespace', flags.namespace);
    const namespace = resolveSealingNamespace('seal', flagNamespace, inputNamespace(input, where), where);
    if (namespace === undefined && scope !== SealingScope.CLUSTER_WIDE) {
      throw new ValidationError('seal', inputs.length > 1 ? `${where}: namespace` : 'namespace', `is missing; a ${scope} SealedSecret is bound to its namespace: give --namespace or metadata.namespace (kubeseal would take the kubeconfig's namespace; this tool does not read the kubeconfig).`);
    }
    return sealOne(input, { name: checkedName, namespace, scope }, cert(), allowEmptyData, where);
  });
  emit(io, sealed.map(m => render(m, format)).join(''), outFile);
  return 0;
}
