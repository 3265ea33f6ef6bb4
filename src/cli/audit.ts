import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { CliIo, UsageError, fileError } from './io';
import { AUDIT_RULES, auditDocuments } from '../core/audit/audit';
import { parseManifestText, AuditDocument } from '../core/audit/objects';
import { findingsAtLeast, formatAuditSarif, formatAuditText } from '../core/audit/report';
import { AUDIT_SEVERITIES, AuditSeverity } from '../core/audit/types';

export const AUDIT_HELP = `Usage: kube-secure-secrets audit [paths...|-] [options]

Audit Kubernetes manifests for weak secrets handling: plaintext Secrets and credentials, RBAC on
Secrets, token automount, secrets in env, ESO, Sealed Secrets, SOPS, Vault injection, CSI,
NetworkPolicy coverage, EncryptionConfiguration and audit Policy, Infisical (${AUDIT_RULES.length} rules).
Reads files, directories (recursively: *.yaml, *.yml, *.json), multi-document YAML, JSON and
kind: List; "-" (or no path) reads standard input. Never prints a secret value.

Options:
  --format FORMAT     text (default), json or sarif (SARIF 2.1.0, for GitHub code scanning)
  --fail-on LEVEL     exit 1 when a finding is at or above high, medium or low (default: low)
  --ignore RULE       skip a rule (repeatable; comma-separated lists accepted), e.g. KSS-ENV-001
  -h, --help          this help

Exit codes: 0 no finding at or above --fail-on, 1 findings (or an unreadable file or input that is
not YAML/JSON), 2 bad usage.
`;

/** The options of `audit` (the CLI's help detection reads them too). */
export const AUDIT_OPTIONS = {
  'format': { type: 'string' },
  'fail-on': { type: 'string' },
  'ignore': { type: 'string', multiple: true },
} as const;

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Files with more than this many objects (or this many files) get progress lines on standard error. */
const LARGE_FILES = 100;

/**
 * The manifest files under a directory, sorted; hidden directories (.git) are skipped, symlinked
 * directories are not followed (no loops), symlinked files are read.
 */
function walk(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw fileError('read', dir, e);
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap(e => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name.startsWith('.') ? [] : walk(p);
    }
    const manifest = EXTENSIONS.includes(path.extname(e.name).toLowerCase());
    return manifest && (e.isFile() || (e.isSymbolicLink() && isFile(p))) ? [p] : [];
  });
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false; // a dangling link: nothing to audit
  }
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false; // reading it reports the error
  }
}

function toolVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('../../package.json') as { version?: unknown }).version ?? '0.0.0');
  } catch {
    return '0.0.0';
  }
}

/** `kube-secure-secrets audit`: returns the exit code. */
export function auditCommand(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({ args, options: AUDIT_OPTIONS, strict: true, allowPositionals: true });
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) {
    throw new UsageError(`--format must be text, json or sarif; received ${JSON.stringify(format).slice(0, 40)}.`);
  }
  const failOn = (values['fail-on'] ?? 'low') as AuditSeverity;
  if (!AUDIT_SEVERITIES.includes(failOn)) {
    throw new UsageError(`--fail-on must be high, medium or low; received ${JSON.stringify(failOn).slice(0, 40)}.`);
  }
  const ignore = (values.ignore ?? []).flatMap(v => v.split(',')).map(v => v.trim()).filter(v => v !== '');
  const known = new Set(AUDIT_RULES.map(r => r.id));
  const unknown = ignore.filter(id => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(`--ignore ${/^[A-Za-z0-9-]{1,40}$/.test(unknown[0]) ? JSON.stringify(unknown[0]) : '(not echoed)'} is not a rule id; the rules are KSS-<FAMILY>-NNN, e.g. KSS-ENV-001 (see README "Auditing any manifests").`);
  }
  const paths = positionals.length === 0 ? ['-'] : positionals;
  if (paths.filter(p => p === '-').length > 1) {
    throw new UsageError('"-" (standard input) may be given once.');
  }
  const files = paths.flatMap(p => (p !== '-' && isDirectory(p) ? walk(p) : [p]));
  const large = files.length >= LARGE_FILES;
  const documents: AuditDocument[] = [];
  files.forEach((file, i) => {
    let text: string | undefined;
    if (file === '-') {
      text = io.stdin();
      if (text === undefined) {
        throw new UsageError('no input: give files or directories, or pipe manifests to standard input ("-").');
      }
    } else {
      text = io.readFile(file);
    }
    documents.push(...parseManifestText(text, file === '-' ? 'stdin' : file));
    if (large && ((i + 1) % LARGE_FILES === 0 || i + 1 === files.length)) {
      io.err(`kube-secure-secrets audit: read ${i + 1} of ${files.length} files\n`);
    }
  });
  const report = auditDocuments(documents, { ignore });
  if (large || report.objectCount >= 1000) {
    io.err(`kube-secure-secrets audit: audited ${report.objectCount} objects in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  }
  if (format === 'json') {
    io.out(`${JSON.stringify({ objectCount: report.objectCount, findings: report.findings }, null, 2)}\n`);
  } else if (format === 'sarif') {
    io.out(`${JSON.stringify(formatAuditSarif(report, toolVersion()), null, 2)}\n`);
  } else {
    io.out(formatAuditText(report));
  }
  return findingsAtLeast(report, failOn).length > 0 ? 1 : 0;
}
