/**
 * One TypeScript file to JavaScript, as ts-node's transpile-only mode does it: `ts.transpileModule` with the
 * compiler options of a project's tsconfig, syntax errors fatal, no type-check (tsc does that). Shared by
 * test/helpers/ts-register.cjs (TypeScript in fresh Node.js processes) and the CLI test build
 * (`cliEntry` in test/helpers/cli.ts), so both emit what the project's options say in one way.
 */
'use strict';
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The diagnostics ts-node ignores by default (its `ignoreDiagnostics`): a file outside `rootDir` (tests,
 * examples), and the two about an empty `files`/`include`.
 */
const IGNORED_DIAGNOSTICS = [6059, 18002, 18003];

const compilers = new Map();
/** The compiler and a project's options, loaded on first use (a cached file needs neither). */
function loadCompiler(project) {
  let compiler = compilers.get(project);
  if (!compiler) {
    const ts = require(require.resolve('typescript', { paths: [ROOT] }));
    const read = ts.readConfigFile(project, ts.sys.readFile);
    if (read.error) {
      throw new Error(`transpile: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
    }
    const { options } = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(project));
    // What ts-node overrides in every compilation: emit JavaScript only, one file at a time.
    Object.assign(options, { declaration: false, declarationMap: false, noEmit: false, emitDeclarationOnly: false, composite: false, incremental: false, tsBuildInfoFile: undefined });
    compiler = { ts, options };
    compilers.set(project, compiler);
  }
  return compiler;
}

/** The JavaScript of `text` (the file `file`) under the options of the tsconfig at `project`. */
function transpile(text, file, project) {
  const { ts, options } = loadCompiler(project);
  const out = ts.transpileModule(text, { compilerOptions: options, fileName: file, reportDiagnostics: true });
  const errors = (out.diagnostics || []).filter(d => d.category === ts.DiagnosticCategory.Error && !IGNORED_DIAGNOSTICS.includes(d.code));
  if (errors.length > 0) {
    const host = { getCanonicalFileName: f => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`transpile: ${file} does not compile:\n${ts.formatDiagnostics(errors, host)}`);
  }
  return out.outputText;
}

module.exports = { transpile };
