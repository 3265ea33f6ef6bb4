import { runCli } from '../../src/cli';
import { CliIo } from '../../src/cli/io';

/** Run the command-line tool in-process; files are served from `files` and written into `written`. */
export function cli(argv: string[], options: { stdin?: string; files?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const written: Record<string, { text: string; mode: number }> = {};
  const io: CliIo = {
    stdin: () => options.stdin,
    out: t => {
      stdout += t;
    },
    err: t => {
      stderr += t;
    },
    readFile: p => {
      if (!(p in (options.files ?? {}))) {
        throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT', path: p });
      }
      return options.files![p];
    },
    writeFile: (p, text, mode) => {
      written[p] = { text, mode };
    },
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr, written };
}
