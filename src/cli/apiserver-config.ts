import { parseArgs } from 'util';
import { AuditLevel, EncryptionProvider, auditPolicy, encryptionConfiguration, encryptionConfigurationHasKeys, generateEncryptionKey } from '../core';
import { FlagTerms, inFlagTerms, warningInTerms } from './flag-terms';
import { CliIo, UsageError, fileOfFlag, outputFile, outputFormat, renderDocument, showPath } from './io';
import { q } from '../core/errors';

export const ENCRYPTION_CONFIG_HELP = `Usage: kube-secure-secrets encryption-config --kms-name NAME --kms-endpoint unix:///PATH [options]
       kube-secure-secrets encryption-config --provider secretbox --generate-key --out FILE [options]

Write an apiserver.config.k8s.io/v1 EncryptionConfiguration for Secrets (the file the API server's
--encryption-provider-config names). KMS v2 is the default and recommended provider. A generated key
(32 random bytes) is written only to the --out file, with mode 0600; it is never printed.

Options:
  --kms-name NAME          KMS v2 provider name (unique, no ":")
  --kms-endpoint URL       the KMS plugin socket, unix:///var/run/kmsplugin/socket.sock
  --kms-timeout DURATION   how long the API server waits for the plugin (default 3s)
  --provider NAME          kms (default), secretbox, aesgcm or aescbc
  --generate-key           generate the key of a secretbox, aesgcm or aescbc provider
  --key-name NAME          the generated key's name (default key1)
  --include-configmaps     also encrypt ConfigMaps
  --identity-fallback      add identity as the last provider, to read Secrets written before
                           encryption while they are rewritten (remove it afterwards)
  --allow-aescbc           accept the weak aescbc provider
  --out FILE               write to FILE (mode 0600) instead of standard output; required with a key,
                           which goes only to a regular file (never a link, device, pipe or stdout)
  -o, --output FORMAT      yaml (default) or json
  -h, --help               this help
`;

export const AUDIT_POLICY_HELP = `Usage: kube-secure-secrets audit-policy [options]

Write an audit.k8s.io/v1 Policy (the file the API server's --audit-policy-file names) that records who
read, listed or changed which Secret: secrets, configmaps, tokenreviews and serviceaccounts/token
(TokenRequests, whose responses carry bearer tokens) at Metadata, never Request or RequestResponse,
which would write Secret values and tokens into the log; read-only system noise at None, then a
catch-all; the RequestReceived stage is omitted. A rule or default level that would still log those
bodies is refused.

Options:
  --default-level LEVEL    level of everything else: None, Metadata (default), Request, RequestResponse
                           (the Metadata rule above always wins for Secrets and TokenRequests)
  --secrets-level LEVEL    only Metadata is accepted (the API server does not redact Secret bodies)
  --keep-system-noise      keep health checks, events and system watches in the log
  --out FILE               write to FILE (mode 0644) instead of standard output (- for stdout)
  -o, --output FORMAT      yaml (default) or json
  -h, --help               this help
`;

/** Where and how both commands write their document: `--out FILE` (or -) and `-o, --output yaml|json`. */
const OUTPUT_OPTIONS = {
  out: { type: 'string' },
  output: { type: 'string', short: 'o' },
} as const;

/** The options of `encryption-config` (the CLI's help detection reads them too). */
export const ENCRYPTION_CONFIG_OPTIONS = {
  'kms-name': { type: 'string' },
  'kms-endpoint': { type: 'string' },
  'kms-timeout': { type: 'string' },
  'provider': { type: 'string' },
  'generate-key': { type: 'boolean' },
  'key-name': { type: 'string' },
  'include-configmaps': { type: 'boolean' },
  'identity-fallback': { type: 'boolean' },
  'allow-aescbc': { type: 'boolean' },
  ...OUTPUT_OPTIONS,
} as const;

/** The options of `audit-policy` (the CLI's help detection reads them too). */
export const AUDIT_POLICY_OPTIONS = {
  'default-level': { type: 'string' },
  'secrets-level': { type: 'string' },
  'keep-system-noise': { type: 'boolean' },
  ...OUTPUT_OPTIONS,
} as const;

/**
 * What encryptionConfiguration's props and opt-ins are on this command line. The first provider is the
 * one --provider (and the --kms-* flags or --key-name) makes; --identity-fallback adds the second.
 */
const ENCRYPTION_CONFIG_TERMS: FlagTerms = {
  props: {
    'providers[0]': '--provider',
    'providers[0].kms.name': '--kms-name',
    'providers[0].kms.endpoint': '--kms-endpoint',
    'providers[0].kms.timeout': '--kms-timeout',
    ...Object.fromEntries(['secretbox', 'aesgcm', 'aescbc'].map(p => [`providers[0].${p}.keys[0].name`, '--key-name'])),
    'providers[1]': '--identity-fallback',
  },
  optIns: { allowAescbc: '--allow-aescbc', allowIdentityForMigration: '--identity-fallback' },
  component: 'encryptionConfiguration',
};

/** What auditPolicy's props are on this command line. */
const AUDIT_POLICY_TERMS: FlagTerms = {
  props: { defaultLevel: '--default-level', secretsLevel: '--secrets-level' },
};

/** `kube-secure-secrets encryption-config`: returns the exit code. */
export function encryptionConfigCommand(args: string[], io: CliIo): number {
  const { values: flags } = parseArgs({ args, options: ENCRYPTION_CONFIG_OPTIONS, strict: true, allowPositionals: false });
  const format = outputFormat(flags.output);
  const provider = flags.provider ?? 'kms';
  const providers: EncryptionProvider[] = [];
  if (provider === 'kms') {
    if (!flags['kms-name'] || !flags['kms-endpoint']) {
      throw new UsageError('--kms-name and --kms-endpoint are required for the kms provider (e.g. --kms-name aws-kms --kms-endpoint unix:///var/run/kmsplugin/socket.sock).');
    }
    if (flags['generate-key'] || flags['key-name']) {
      throw new UsageError('--generate-key and --key-name are for secretbox, aesgcm and aescbc; a KMS provider keeps its key in the KMS.');
    }
    providers.push({ kms: { name: flags['kms-name'], endpoint: flags['kms-endpoint'], timeout: flags['kms-timeout'] } });
  } else if (provider === 'secretbox' || provider === 'aesgcm' || provider === 'aescbc') {
    if (flags['kms-name'] || flags['kms-endpoint'] || flags['kms-timeout']) {
      throw new UsageError(`--kms-* flags do not apply to --provider ${provider}.`);
    }
    if (!flags['generate-key']) {
      throw new UsageError(`--provider ${provider} needs a key: add --generate-key (written only to the --out file).`);
    }
    if (outputFile('--out', flags.out) === undefined) {
      throw new UsageError('--out FILE is required with a key: the configuration holds the key and is written only to a file with mode 0600, never to standard output.');
    }
    providers.push({ [provider]: { keys: [{ name: flags['key-name'] ?? 'key1', secret: generateEncryptionKey() }] } });
  } else {
    throw new UsageError(`--provider ${q(provider)} is not a provider; use kms (recommended), secretbox, aesgcm or aescbc.`);
  }
  if (flags['identity-fallback']) {
    providers.push({ identity: {} });
  }
  const config = inFlagTerms(ENCRYPTION_CONFIG_TERMS, () => encryptionConfiguration({
    providers,
    includeConfigMaps: flags['include-configmaps'],
    allowIdentityForMigration: flags['identity-fallback'],
    allowAescbc: flags['allow-aescbc'],
    onWarning: message => io.err(`warning: encryption-config: ${warningInTerms(message, ENCRYPTION_CONFIG_TERMS)}\n`),
  }));
  const text = renderDocument(config, format);
  const hasKeys = encryptionConfigurationHasKeys(config);
  const out = outputFile('--out', flags.out);
  if (out !== undefined) {
    // A key goes only to a regular file of its own (never a link, a device, a pipe or standard output).
    fileOfFlag('--out', () => io.writeFile(out, text, { mode: 0o600, secret: hasKeys }));
    io.err(`wrote ${showPath(out)} (mode 0600)${hasKeys ? '; it holds the encryption key: copy it to each control-plane node and keep it out of Git' : ''}\n`);
  } else if (hasKeys) {
    throw new UsageError('refusing to print a configuration that holds a key; give --out FILE.');
  } else {
    io.out(text);
  }
  return 0;
}

/** `kube-secure-secrets audit-policy`: returns the exit code. */
export function auditPolicyCommand(args: string[], io: CliIo): number {
  const { values: flags } = parseArgs({ args, options: AUDIT_POLICY_OPTIONS, strict: true, allowPositionals: false });
  const format = outputFormat(flags.output);
  const policy = inFlagTerms(AUDIT_POLICY_TERMS, () => auditPolicy({
    defaultLevel: flags['default-level'] as AuditLevel | undefined,
    secretsLevel: flags['secrets-level'] as AuditLevel | undefined,
    keepSystemNoise: flags['keep-system-noise'],
  }));
  const text = renderDocument(policy, format);
  const out = outputFile('--out', flags.out);
  if (out !== undefined) {
    fileOfFlag('--out', () => io.writeFile(out, text, { mode: 0o644 }));
    io.err(`wrote ${showPath(out)}\n`);
  } else {
    io.out(text);
  }
  return 0;
}
