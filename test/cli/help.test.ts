/**
 * `-h`/`--help` prints a command's help only where the command's own parser (node:util parseArgs over its
 * option table) reads an option: never where it reads a flag's value (`seal --name -h`), nor a positional
 * after `--`; and `--help=VALUE` is a usage error, as any boolean flag given a value. In-process (runCli
 * with in-memory files): this is argument parsing only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cli } from '../helpers/cli';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const files = { 'pub-cert.pem': fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8') };
const FAKE = 'fake-help-value-2718';
const SECRET = `apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: payments}\nstringData:\n  password: ${FAKE}\n`;

/** The first line of each command's help. */
const USAGE: Readonly<Record<string, string>> = {
  'seal': 'Usage: kube-secure-secrets seal --cert CERT [options]',
  'sops': 'Usage: kube-secure-secrets sops encrypt --age RECIPIENT',
  'audit': 'Usage: kube-secure-secrets audit [paths...|-] [options]',
  'audit-policy': 'Usage: kube-secure-secrets audit-policy [options]',
  'encryption-config': 'Usage: kube-secure-secrets encryption-config --kms-name NAME',
};

/** The `--name -h` message of a flag (as typed) whose long name is `long`. */
const needsValue = (flag: string, long: string): string =>
  `${flag} needs a value, and the argument after it starts with "-" (not echoed: it may be a value); give ${long} its value, or write ${long}=VALUE when the value starts with "-".`;

describe('help is an option, never a flag\'s value or a positional', () => {
  test.each<[string, string[]]>([
    ['seal -h', ['seal', '-h']],
    ['seal --help after a flag with its value', ['seal', '--cert', 'pub-cert.pem', '--help']],
    ['seal --help after an unknown option', ['seal', '--bogus', '--help']],
    ['seal --help after --name=-h (the value is inline)', ['seal', '--name=-h', '--help']],
    ['seal -n h -h (-nh would be the namespace "h")', ['seal', '-n', 'h', '-h']],
    ['sops -h (before the action)', ['sops', '-h']],
    ['sops encrypt -ih (a group of short options)', ['sops', 'encrypt', '-ih']],
    ['audit FILE --help', ['audit', 'manifests.yaml', '--help']],
    ['audit-policy -h', ['audit-policy', '-h']],
    ['encryption-config --kms-name x --help', ['encryption-config', '--kms-name', 'x', '--help']],
  ])('%s prints the help, exit 0', (_, argv) => {
    const r = cli(argv, { stdin: SECRET, files });
    expect({ code: r.code, stderr: r.stderr, written: r.written }).toEqual({ code: 0, stderr: '', written: {} });
    expect(r.stdout.startsWith(USAGE[argv[0]])).toBe(true);
  });

  test.each<[string, string[], 1 | 2, string]>([
    ['seal --name -h: "-h" is where --name\'s value goes', ['seal', '--cert', 'pub-cert.pem', '--name', '-h'], 2,
      `kube-secure-secrets seal: ${needsValue('--name', '--name')}\nRun "kube-secure-secrets seal --help" for usage.\n`],
    ['seal -n --help', ['seal', '--cert', 'pub-cert.pem', '-n', '--help'], 2,
      `kube-secure-secrets seal: ${needsValue('-n', '--namespace')}\nRun "kube-secure-secrets seal --help" for usage.\n`],
    ['seal --name=-h: the value "-h" refused by the name check', ['seal', '--cert', 'pub-cert.pem', '--name=-h', '--namespace', 'payments', '--from-literal', `password=${FAKE}`], 1,
      'kube-secure-secrets seal: --name "-h" is not a valid Secret name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).\n'],
    ['seal --from-literal -h (not echoed)', ['seal', '--cert', 'pub-cert.pem', '--from-literal', '-h'], 2,
      `kube-secure-secrets seal: ${needsValue('--from-literal', '--from-literal')}\nRun "kube-secure-secrets seal --help" for usage.\n`],
    ['seal -- -h: a positional, which seal does not take', ['seal', '--cert', 'pub-cert.pem', '--', '-h'], 2,
      'kube-secure-secrets seal: unexpected argument 4 (not echoed: it may be a value); this command takes no positional arguments: give each value after its option (--name VALUE or --name=VALUE).\nRun "kube-secure-secrets seal --help" for usage.\n'],
    ['sops decrypt --output -h', ['sops', 'decrypt', '--output', '-h', 'enc.yaml'], 2,
      `kube-secure-secrets sops: ${needsValue('--output', '--output')}\nRun "kube-secure-secrets sops --help" for usage.\n`],
    ['sops encrypt --age --help', ['sops', 'encrypt', '--age', '--help'], 2,
      `kube-secure-secrets sops: ${needsValue('--age', '--age')}\nRun "kube-secure-secrets sops --help" for usage.\n`],
    ['audit --ignore -h', ['audit', '--ignore', '-h'], 2,
      `kube-secure-secrets audit: ${needsValue('--ignore', '--ignore')}\nRun "kube-secure-secrets audit --help" for usage.\n`],
    ['audit-policy --out --help', ['audit-policy', '--out', '--help'], 2,
      `kube-secure-secrets audit-policy: ${needsValue('--out', '--out')}\nRun "kube-secure-secrets audit-policy --help" for usage.\n`],
    ['encryption-config --kms-name -h', ['encryption-config', '--kms-name', '-h', '--kms-endpoint', 'unix:///s.sock'], 2,
      `kube-secure-secrets encryption-config: ${needsValue('--kms-name', '--kms-name')}\nRun "kube-secure-secrets encryption-config --help" for usage.\n`],
  ])('%s: no help, exit %d', (_, argv, code, stderr) => {
    const r = cli(argv, { stdin: SECRET, files });
    expect(r).toEqual({ code, stdout: '', stderr, written: {} });
    expect(r.stderr).not.toContain(FAKE);
  });

  /** The two lines of a usage error of `command`. */
  const usage = (command: string, message: string): string => `kube-secure-secrets ${command}: ${message}\nRun "kube-secure-secrets ${command} --help" for usage.\n`;

  test.each<[string, string[], string]>([
    ['seal --help=x', ['seal', '--cert', 'pub-cert.pem', `--help=${FAKE}`], "Option '-h, --help' does not take an argument"],
    ['seal --help= (an empty value)', ['seal', '--help='], "Option '-h, --help' does not take an argument"],
    ['seal --help=x after --help', ['seal', '--help', '--help=x'], "Option '-h, --help' does not take an argument"],
    ['sops encrypt --help=yes', ['sops', 'encrypt', '--help=yes'], "Option '-h, --help' does not take an argument"],
    ['sops --help=x (before the action)', ['sops', '--help=x'], "Option '-h, --help' does not take an argument"],
    ['audit --help=x', ['audit', `--help=${FAKE}`, 'manifests.yaml'], "Option '-h, --help' does not take an argument"],
    ['audit-policy --help=1', ['audit-policy', '--help=1'], "Option '-h, --help' does not take an argument"],
    ['encryption-config --help=true', ['encryption-config', '--help=true'], "Option '-h, --help' does not take an argument"],
    ['seal -h=x (the short form with a value)', ['seal', `-h=${FAKE}`], "Option '-h, --help' does not take an argument"],
    ['audit-policy -h= (an empty value)', ['audit-policy', '-h='], "Option '-h, --help' does not take an argument"],
    ['sops encrypt -ih=x (in a group)', ['sops', 'encrypt', '-ih=x', 'secret.yaml'], "Option '-h, --help' does not take an argument"],
    ['seal -hh=x (help twice, then a value)', ['seal', '-hh=x'], "Option '-h, --help' does not take an argument"],
    // The same refusal as the command's own boolean flags given a value.
    ['seal --raw=x', ['seal', '--cert', 'pub-cert.pem', `--raw=${FAKE}`], "Option '--raw' does not take an argument"],
    ['sops encrypt --in-place=x', ['sops', 'encrypt', '--in-place=x', 'secret.yaml'], "Option '-i, --in-place' does not take an argument"],
    ['audit-policy --keep-system-noise=1', ['audit-policy', '--keep-system-noise=1'], "Option '--keep-system-noise' does not take an argument"],
    ['encryption-config --generate-key=x', ['encryption-config', '--provider', 'secretbox', '--generate-key=x'], "Option '--generate-key' does not take an argument"],
  ])('%s: a boolean flag with a value is a usage error (exit 2), not help; the value is not echoed', (_, argv, message) => {
    const r = cli(argv, { stdin: SECRET, files });
    expect(r).toEqual({ code: 2, stdout: '', stderr: usage(argv[0], message), written: {} });
    expect(r.stderr).not.toContain(FAKE);
  });

  test.each([`--help=${FAKE}`, `-h=${FAKE}`])('kube-secure-secrets %s (no command) is a usage error of the tool', arg => {
    expect(cli([arg])).toEqual({
      code: 2, stdout: '', stderr: 'kube-secure-secrets: Option \'-h, --help\' does not take an argument\nRun "kube-secure-secrets --help" for usage.\n', written: {},
    });
  });

  test('audit -- -h audits the file named -h (after -- it is a positional)', () => {
    const r = cli(['audit', '--', '-h'], { files: { '-h': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, namespace: a}\ndata: {a: b}\n' } });
    expect(r).toEqual({ code: 0, stdout: '0 findings (0 high, 0 medium, 0 low) in 0 of 1 object.\n', stderr: '', written: {} });
  });
});
