/**
 * What the test caches under `.tmp/` have in common: the schema validators (test/helpers/schema.ts), the
 * CLI build (`cliEntry` in test/helpers/cli.ts) and the transpiled TypeScript of fresh Node.js processes
 * (test/helpers/ts-register.cjs). Each entry is named by a hash of what it is made from, written aside and
 * renamed into place (jest workers and child processes build the same entry at the same time), and entries
 * no run uses any more are removed. What differs stays with each cache: what its key covers, what marks an
 * entry complete, whether reading it marks it in use, how long an unused entry is kept.
 *
 * CommonJS with Node.js built-ins only, so that the register hook, which runs before any transpiler, can
 * require it and a process that reads from its cache loads nothing more.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

/**
 * A key of `length` hex characters (at most 64) for `parts`, strings or bytes in order: the sha256 of
 * each part's byte length and bytes, so different lists never hash the same input (`['ab', 'c']` is not
 * `['a', 'bc']`).
 */
function contentKey(parts, length) {
  const hash = crypto.createHash('sha256');
  for (const part of parts) {
    const bytes = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
    hash.update(`${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex').slice(0, length);
}

/** Every file below `dir` (in subdirectories too) whose name `accept` accepts, as sorted paths. */
function filesUnder(dir, accept = () => true) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? filesUnder(path.join(dir, e.name), accept) : accept(e.name) ? [path.join(dir, e.name)] : []))
    .sort();
}

/** The version of the package `name` as resolved from the directory `from` (a key covers it). */
function packageVersion(name, from) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`, { paths: [from] }), 'utf8')).version;
}

let written = 0;

/**
 * Put an entry at `target` (a file or a directory) without anyone ever seeing half of it: `write(tmp)`
 * makes it at a new temporary path beside `target` (whose directory is created), which is then renamed
 * to `target`. When processes race for the same entry, a directory's rename fails once another process
 * has put its copy in place: the loser removes its own and keeps the winner's, provided `complete()` says
 * that copy is whole (it checks the file written last); otherwise the error is thrown. A file's rename
 * replaces the winner's, which holds the same content, so readers see one whole copy or the other.
 * Whatever fails, the temporary copy is removed.
 */
function writeAtomically(target, write, complete = () => fs.existsSync(target)) {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}-${++written}`;
  try {
    write(tmp);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!complete()) {
      throw e;
    }
  }
}

/** Mark an entry as in use (its mtime is now), so that `prune` leaves it alone for another while. */
function touch(entry) {
  try {
    const now = new Date();
    fs.utimesSync(entry, now, now);
  } catch {
    // read-only or removed: only pruning looks at it
  }
}

/**
 * Remove the entries of the directory `root` that `prunable(name)` accepts (by default every one) and
 * that nothing has written or touched for `olderThanMs`, except the entry `keep` (a path). An entry a
 * concurrent process removes meanwhile, or a `root` that does not exist, is no error.
 */
function prune(root, { olderThanMs, keep, prunable = () => true }) {
  let names;
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  const cutoff = Date.now() - olderThanMs;
  for (const name of names) {
    const entry = path.join(root, name);
    try {
      if (entry !== keep && prunable(name) && fs.lstatSync(entry).mtimeMs < cutoff) {
        fs.rmSync(entry, { recursive: true, force: true });
      }
    } catch {
      // removed by a concurrent process
    }
  }
}

module.exports = { contentKey, filesUnder, packageVersion, prune, touch, writeAtomically };
