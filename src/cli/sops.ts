import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseAllDocuments, stringify } from 'yaml';
import { SopsEncryptionRule, ValidationError, fromSopsTree, isSopsEncrypted, parseAgeIdentities, sopsDecrypt, sopsEncrypt } from '../core';
import { FlagTerms, inFlagTerms } from './flag-terms';
import { CliIo, UsageError, asFileError, fileOfFlag, inputFile, outputFile, showPath, withoutComponent } from './io';
import { readSecrets } from './seal';
import { q } from '../core/errors';
import { isSealedSecretKind } from '../core/gitops/kinds';
import { SopsTree } from '../core/gitops/sops';
import { yamlErrorSummary } from '../core/gitops/yaml';

export const SOPS_HELP = `Usage: kube-secure-secrets sops encrypt --age RECIPIENT[,RECIPIENT...] [options] [FILE]
       kube-secure-secrets sops decrypt [options] [FILE]

Encrypt a Kubernetes Secret file with SOPS for age recipients, or decrypt one, without the sops
binary: the file layout is the one SopsSecret writes (sops 3.9: AES-256-GCM values, the MAC over every
value in file order, encrypted_regex ^(data|stringData)$ by default), so sops --decrypt (3.8+), Flux
and SopsFile read what this writes, and this reads what they write. Reads FILE, or standard input
(no FILE, or -).
Key order is kept as written. A private key is never printed.

encrypt options:
  --age R[,R...]           the age recipients (age1...; repeatable); default: SOPS_AGE_RECIPIENTS
  --encrypted-regex RE     which keys to encrypt (default ^(data|stringData)$); or one of
  --unencrypted-regex RE, --encrypted-suffix S, --unencrypted-suffix S
                           (a rule that would leave a Secret value in plaintext is refused)

decrypt keys (as sops, from all of these): SOPS_AGE_KEY (the text of an age key file),
  SOPS_AGE_KEY_FILE (its path; not -, standard input: ./- for a file named -), and the default
  key file sops/age/keys.txt in the user config directory ($XDG_CONFIG_HOME, else ~/.config;
  ~/Library/Application Support on macOS; %AppData% on Windows). SOPS_AGE_KEY_CMD is not run
  and SSH keys are not read. A place that fails is a warning when another one gave a key.
  The MAC is verified.

Options of both:
  --output FILE            write to FILE (safely; a decrypted file gets mode 0600) instead of
                           standard output (- or no --output: decrypt prints the plaintext Secret
                           there, as sops does)
  -i, --in-place           rewrite FILE
  -h, --help               this help

Exit codes: 0 done, 1 input refused (a wrong key, a modified file) or a file error, 2 bad usage.
`;

/** The options of `sops encrypt|decrypt` (the CLI's help detection reads them too). */
export const SOPS_OPTIONS = {
  'age': { type: 'string', multiple: true },
  'encrypted-regex': { type: 'string' },
  'unencrypted-regex': { type: 'string' },
  'encrypted-suffix': { type: 'string' },
  'unencrypted-suffix': { type: 'string' },
  'output': { type: 'string' },
  'in-place': { type: 'boolean', short: 'i' },
} as const;

/**
 * YAML as cdk8s writes a synthesized object (cdk8s `Yaml.stringify`: YAML 1.1, no line folding), so a
 * file from this command and one from `SopsSecret` are laid out alike, and a string that YAML 1.1 would
 * read as something else (`yes`, `0123`) is quoted for kubectl.
 */
function renderYaml(tree: SopsTree): string {
  // Plain objects, as SopsSecret emits them (a Map would be written as a YAML 1.1 !!omap).
  return stringify(fromSopsTree(tree), { keepUndefined: true, lineWidth: 0, version: '1.1' });
}

/** The one YAML document of the input, as a tree that keeps the file's key order. */
function readTree(text: string, source: string): SopsTree {
  const all = parseAllDocuments(text);
  const docs = Array.isArray(all) ? all : [];
  if (docs.length !== 1) {
    throw new UsageError(`${source} holds ${docs.length} YAML documents; give one Secret per file (Flux decrypts each file as one object).`);
  }
  if (docs[0].errors.length > 0) {
    throw new UsageError(`${source} is not YAML or JSON (${yamlErrorSummary(docs[0].errors[0])}).`);
  }
  try {
    return docs[0].toJS({ mapAsMap: true }) as SopsTree;
  } catch (e) {
    throw new UsageError(`${source} is not YAML or JSON (${yamlErrorSummary(e)}).`);
  }
}

/** The environment (the CLI's own, unless a test gives one). */
function env(io: CliIo): Record<string, string | undefined> {
  return io.env ?? process.env;
}

/** The age recipients: `--age` (comma-separated, repeatable), else SOPS_AGE_RECIPIENTS, as sops. */
function recipients(flags: readonly string[] | undefined, io: CliIo): string[] {
  const given = flags && flags.length > 0 ? flags : (env(io).SOPS_AGE_RECIPIENTS ? [env(io).SOPS_AGE_RECIPIENTS as string] : []);
  const list = given.flatMap(g => g.split(',')).map(r => r.trim()).filter(r => r.length > 0);
  if (list.length === 0) {
    throw new UsageError('encrypt needs at least one age recipient: --age age1... (or SOPS_AGE_RECIPIENTS); the cluster\'s (Flux) key, and a break-glass key kept offline.');
  }
  return list;
}

/** The age identities found for decrypt, and where (named as the user set them up). */
interface FoundIdentities {
  readonly identities: string[];
  readonly from: string[];
}

/** What standard input is called as a path (`SOPS_AGE_KEY_FILE=/dev/stdin`), resolved. */
const STANDARD_INPUT_PATHS = new Set(['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0', '/proc/thread-self/fd/0', `/proc/${process.pid}/fd/0`]);

/** Whether `file` is this process's standard input: by its name, or by the file behind it (a link to it, /dev/fd/0 under another name). */
function isStandardInput(file: string): boolean {
  if (STANDARD_INPUT_PATHS.has(path.resolve(file))) {
    return true;
  }
  try {
    const [a, b] = [fs.statSync(file), fs.fstatSync(0)];
    return a.dev === b.dev && a.ino === b.ino;
  } catch {
    return false;
  }
}

/**
 * The user config directory as sops finds it (getsops/sops `age/keysource.go` `getUserConfigDir`: on
 * macOS a non-empty XDG_CONFIG_HOME first, then Go's `os.UserConfigDir`: %AppData% on Windows,
 * ~/Library/Application Support on macOS, else a non-empty, absolute XDG_CONFIG_HOME or ~/.config), or
 * undefined when none can be determined (sops then looks no further).
 */
function userConfigDir(e: Record<string, string | undefined>, platform: NodeJS.Platform): string | undefined {
  const xdg = e.XDG_CONFIG_HOME;
  if (platform === 'darwin' && xdg) {
    return xdg;
  }
  if (platform === 'win32') {
    return e.AppData || e.APPDATA || undefined;
  }
  const home = e.HOME;
  if (platform === 'darwin') {
    return home ? path.join(home, 'Library', 'Application Support') : undefined;
  }
  if (xdg) {
    return path.isAbsolute(xdg) ? xdg : undefined;
  }
  return home ? path.join(home, '.config') : undefined;
}

/**
 * The age identities to decrypt with, read from the places sops reads them (getsops/sops
 * `age/keysource.go`, `MasterKey.loadIdentities`), all of them together: the text of SOPS_AGE_KEY (several
 * keys on a line allowed, as sops allows there), the file SOPS_AGE_KEY_FILE names, and the default key
 * file (`<user config dir>/sops/age/keys.txt`) whenever it exists. sops also reads SSH keys
 * (SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh/id_ed25519, ~/.ssh/id_rsa) and runs SOPS_AGE_KEY_CMD; this tool
 * does neither. As in sops, a place that fails (an unreadable file, a bad line, an empty
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD) does not stop the others: with identities from elsewhere it is a
 * warning (sops says nothing then), and with none its refusal is the error. A key file that is standard
 * input (`-`, or /dev/stdin while standard input carries the SOPS file) is refused at once: the reading is
 * ambiguous, not merely failed. A key is never echoed: a bad line is named by its number.
 * `stdinCarriesFile`: the SOPS file is read from standard input.
 */
function identities(io: CliIo, stdinCarriesFile: boolean): FoundIdentities {
  const e = env(io);
  const found: string[] = [];
  const from: string[] = [];
  const problems: unknown[] = [];
  const parse = (text: string, where: string, wordsPerLine = false): void => {
    const ids: string[] = [];
    const lines = wordsPerLine ? text.split('\n') : [text];
    lines.forEach((line, i) => {
      try {
        // sops reads SOPS_AGE_KEY word by word (parseIdentities with allowMultipleKeysPerLine); each word
        // is read as a line of its own, and a bad one is named by the line it is on.
        ids.push(...parseAgeIdentities(wordsPerLine && !line.trimStart().startsWith('#') ? line.trim().split(/\s+/).join('\n') : line));
      } catch (err) {
        if (err instanceof ValidationError) {
          const detail = err.message.replace(/^parseAgeIdentities: /, '');
          throw new ValidationError('sops', `${where}:`, wordsPerLine ? detail.replace(/^line \d+ /, `line ${i + 1} `) : detail);
        }
        throw err;
      }
    });
    found.push(...ids);
    if (ids.length > 0) {
      from.push(where);
    }
  };
  const place = (f: () => void): void => {
    try {
      f();
    } catch (err) {
      problems.push(err);
    }
  };
  if (e.SOPS_AGE_KEY !== undefined) {
    place(() => parse(e.SOPS_AGE_KEY as string, 'SOPS_AGE_KEY', true));
  }
  const keyFile = e.SOPS_AGE_KEY_FILE;
  if (keyFile === '-') {
    // sops opens SOPS_AGE_KEY_FILE with a plain os.Open (getsops/sops, age/keysource.go,
    // MasterKey.loadIdentities), so to sops "-" is a file named "-", never standard input. In this CLI
    // "-" is standard input, and for sops decrypt that is the SOPS file: neither reading is safe to
    // guess, so "-" is refused, and ./- names the file "-" for this tool and sops alike.
    throw new UsageError('SOPS_AGE_KEY_FILE is "-": standard input cannot be the key file (sops decrypt reads the SOPS file from it); set SOPS_AGE_KEY_FILE to the key file\'s path (./- for a file named "-"), or SOPS_AGE_KEY to its text.');
  }
  if (keyFile && stdinCarriesFile && isStandardInput(keyFile)) {
    throw new UsageError(`SOPS_AGE_KEY_FILE is ${showPath(keyFile)}, standard input, which carries the SOPS file here; give the SOPS file as FILE, or set SOPS_AGE_KEY_FILE to the key file's path.`);
  }
  if (keyFile !== undefined) {
    place(() => {
      if (keyFile === '') {
        // sops opens it all the same (os.Open(""): "no such file or directory").
        throw new UsageError('SOPS_AGE_KEY_FILE is set but empty: there is no key file to read; set it to the key file\'s path, or unset it.');
      }
      parse(fileOfFlag('SOPS_AGE_KEY_FILE', () => io.readFile(keyFile)), `SOPS_AGE_KEY_FILE ${showPath(keyFile)}`);
    });
  }
  if (e.SOPS_AGE_KEY_CMD !== undefined) {
    place(() => {
      throw new UsageError('SOPS_AGE_KEY_CMD is set, but this tool runs no command to get a key (sops does); give the key with SOPS_AGE_KEY_FILE or SOPS_AGE_KEY.');
    });
  }
  const configDir = userConfigDir(e, io.platform ?? process.platform);
  if (configDir !== undefined) {
    const file = path.join(configDir, 'sops', 'age', 'keys.txt');
    place(() => {
      let text: string | undefined;
      try {
        text = io.readFile(file);
      } catch (err) {
        // Only a missing file is no place (Go's os.ErrNotExist is ENOENT): another failure is one.
        if (asFileError(err)?.code !== 'ENOENT') {
          throw err;
        }
      }
      if (text !== undefined) {
        parse(text, showPath(file));
      }
    });
  }
  if (found.length === 0) {
    const [first, ...more] = problems;
    if (first === undefined) {
      throw new UsageError('decrypt needs an age identity: set SOPS_AGE_KEY_FILE to the key file (or SOPS_AGE_KEY to its text), as for sops.');
    }
    more.forEach(p => warnProblem(io, p));
    throw first;
  }
  problems.forEach(p => warnProblem(io, p));
  return { identities: found, from };
}

/**
 * A place sops looks for keys that failed, while keys were found elsewhere (or before the error of the
 * first failed place): one warning line. Anything but a refusal or a file error is a bug, and is
 * thrown (it reaches the user as an internal error).
 */
function warnProblem(io: CliIo, problem: unknown): void {
  const file = asFileError(problem);
  if (file) {
    io.err(`warning: sops: ${file.flag ? `${file.flag}: ` : ''}${file.message}\n`);
  } else if (problem instanceof ValidationError) {
    io.err(`warning: sops: ${withoutComponent(problem)}\n`);
  } else if (problem instanceof UsageError) {
    io.err(`warning: sops: ${problem.message}\n`);
  } else {
    throw problem;
  }
}

function rule(flags: ReturnType<typeof sopsFlags>['values']): SopsEncryptionRule {
  return {
    ...(flags['encrypted-regex'] !== undefined ? { encryptedRegex: flags['encrypted-regex'] } : {}),
    ...(flags['unencrypted-regex'] !== undefined ? { unencryptedRegex: flags['unencrypted-regex'] } : {}),
    ...(flags['encrypted-suffix'] !== undefined ? { encryptedSuffix: flags['encrypted-suffix'] } : {}),
    ...(flags['unencrypted-suffix'] !== undefined ? { unencryptedSuffix: flags['unencrypted-suffix'] } : {}),
  };
}

/** What sopsEncrypt's props are on this command line: the rule flags, and the recipients from --age or SOPS_AGE_RECIPIENTS. */
function sopsTerms(age: readonly string[] | undefined): FlagTerms {
  const from = age && age.length > 0 ? '--age' : 'SOPS_AGE_RECIPIENTS';
  return {
    props: {
      'encryptedRegex': '--encrypted-regex',
      'unencryptedRegex': '--unencrypted-regex',
      'encryptedSuffix': '--encrypted-suffix',
      'unencryptedSuffix': '--unencrypted-suffix',
      'ageRecipients': from,
      'ageRecipients[]': i => `recipient ${i + 1} of ${from}`,
    },
  };
}

function sopsFlags(args: string[]) {
  return parseArgs({ args, options: SOPS_OPTIONS, strict: true, allowPositionals: true });
}

/** `kube-secure-secrets sops encrypt|decrypt`: returns the exit code. */
export function sopsCommand(args: string[], io: CliIo): number {
  const [action, ...rest] = args;
  if (action !== 'encrypt' && action !== 'decrypt') {
    throw new UsageError(action === undefined || action.startsWith('-')
      ? 'give the action: sops encrypt or sops decrypt.'
      : `${/^[a-z-]{1,20}$/.test(action) ? q(action) : 'the first argument'} is not an action; use sops encrypt or sops decrypt.`);
  }
  const parsed = sopsFlags(rest);
  const flags = parsed.values;
  if (parsed.positionals.length > 1) {
    throw new UsageError(`${action} takes one file (or standard input); ${parsed.positionals.length} arguments were given (not echoed).`);
  }
  // "-" is standard input and standard output, as for every command of the tool.
  const file = inputFile('FILE', parsed.positionals[0]);
  if (flags['in-place'] && (file === undefined || flags.output !== undefined)) {
    throw new UsageError('--in-place rewrites the FILE given, so it needs FILE (not standard input) and no --output.');
  }
  const output = outputFile('--output', flags.output);
  if (action === 'decrypt' && (flags.age !== undefined || Object.keys(rule(flags)).length > 0)) {
    throw new UsageError('--age and the encryption rule flags are for sops encrypt; decrypt reads them from the file.');
  }
  const source = file !== undefined ? showPath(file) : 'standard input';
  const text = file !== undefined ? io.readFile(file) : io.stdin();
  if (text === undefined || text.trim() === '') {
    throw new UsageError(`no Secret in ${source}; give a Secret file (or pipe one in).`);
  }
  const tree = readTree(text, source);
  const target = flags['in-place'] ? file : output;
  let out: string;
  if (action === 'encrypt') {
    if (isSopsEncrypted(tree)) {
      throw new ValidationError('sops', source, 'is SOPS-encrypted already; decrypt it first to re-encrypt (sops rotate re-keys a file with the sops binary).');
    }
    const kind = tree instanceof Map ? tree.get('kind') : undefined;
    if (tree instanceof Map && isSealedSecretKind(tree.get('apiVersion'), kind)) {
      throw new ValidationError('sops', source, 'is a SealedSecret: it is encrypted already; encrypt the original Secret instead.');
    }
    // The same reading as seal: a v1 Secret, base64 under data, stringData values that are strings in
    // YAML 1.2 and in kubectl's YAML 1.1 (an unquoted 0123 is refused, not encrypted as the number 123).
    const [secret] = readSecrets(text, source, 'sops');
    if (secret.values.length === 0) {
      throw new ValidationError('sops', source, 'has no data and no stringData; there is nothing to encrypt.');
    }
    out = renderYaml(inFlagTerms(sopsTerms(flags.age), () => sopsEncrypt(tree, { ageRecipients: recipients(flags.age, io), ...rule(flags), component: 'sops' })));
  } else {
    if (!isSopsEncrypted(tree)) {
      throw new ValidationError('sops', source, 'is not SOPS-encrypted (no sops metadata with a MAC); there is nothing to decrypt.');
    }
    const keys = identities(io, file === undefined);
    const terms: FlagTerms = { props: { ageIdentities: `the age identities of ${keys.from.join(', ')}` } };
    out = renderYaml(inFlagTerms(terms, () => sopsDecrypt(tree, { ageIdentities: keys.identities })).document);
  }
  if (target === undefined) {
    io.out(out);
  } else {
    fileOfFlag(flags['in-place'] ? '--in-place' : '--output', () => io.writeFile(target, out, action === 'decrypt' ? { mode: 0o600, secret: true } : { mode: 0o644 }));
  }
  return 0;
}
