/**
 * What the caches under `.tmp/` rely on (./tmp-cache.cjs): a key that changes with every part, an entry
 * that appears whole or not at all (the loser of a race keeps the winner's copy), pruning by age that
 * spares the entry in use and what a cache does not own.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentKey, filesUnder, prune, touch, writeAtomically } from './tmp-cache.cjs';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-tmp-cache-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function age(entry: string, ms: number): void {
  const then = new Date(Date.now() - ms);
  fs.utimesSync(entry, then, then);
}

describe('contentKey', () => {
  test('is as long as asked, stable, and depends on where parts break and on bytes', () => {
    const key = contentKey(['ab', 'c'], 24);
    expect(key).toMatch(/^[0-9a-f]{24}$/);
    expect(contentKey(['ab', 'c'], 24)).toBe(key);
    expect(contentKey(['a', 'bc'], 24)).not.toBe(key);
    expect(contentKey(['abc'], 24)).not.toBe(key);
    expect(contentKey([Buffer.from('ab'), 'c'], 24)).toBe(key);
    expect(contentKey(['ab', 'd'], 24)).not.toBe(key);
  });
});

describe('filesUnder', () => {
  test('lists the accepted files of every subdirectory, sorted', () => {
    fs.mkdirSync(path.join(root, 'b', 'c'), { recursive: true });
    for (const f of ['z.ts', 'a.txt', 'b/y.ts', 'b/c/x.ts']) {
      fs.writeFileSync(path.join(root, f), f);
    }
    expect(filesUnder(root).map(f => path.relative(root, f))).toEqual(['a.txt', 'b/c/x.ts', 'b/y.ts', 'z.ts']);
    expect(filesUnder(root, n => n.endsWith('.ts')).map(f => path.relative(root, f))).toEqual(['b/c/x.ts', 'b/y.ts', 'z.ts']);
  });
});

describe('writeAtomically', () => {
  test('puts a directory in place whole, creating its parent, and leaves nothing aside', () => {
    const target = path.join(root, 'cache', 'k');
    writeAtomically(target, tmp => {
      fs.mkdirSync(tmp);
      expect(fs.existsSync(target)).toBe(false);
      fs.writeFileSync(path.join(tmp, 'done'), 'x');
    });
    expect(fs.readdirSync(path.join(root, 'cache'))).toEqual(['k']);
    expect(fs.readFileSync(path.join(target, 'done'), 'utf8')).toBe('x');
  });

  test('the loser of a race removes its copy and keeps the complete one of the winner', () => {
    const target = path.join(root, 'k');
    writeAtomically(target, tmp => {
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, 'done'), 'mine');
      // Another process renames its copy into place first.
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'done'), 'theirs');
    }, () => fs.existsSync(path.join(target, 'done')));
    expect(fs.readdirSync(root)).toEqual(['k']);
    expect(fs.readFileSync(path.join(target, 'done'), 'utf8')).toBe('theirs');
  });

  test('a failure is thrown, and the temporary copy removed, unless a complete copy is in place', () => {
    const target = path.join(root, 'k');
    expect(() => writeAtomically(target, tmp => {
      fs.mkdirSync(tmp);
      throw new Error('disk full');
    })).toThrow('disk full');
    expect(fs.readdirSync(root)).toEqual([]);
    // In place, but not complete (the other process's copy lacks what is written last): an error.
    expect(() => writeAtomically(target, tmp => {
      fs.mkdirSync(tmp);
      fs.writeFileSync(path.join(tmp, 'done'), 'mine');
      fs.mkdirSync(target);
      fs.writeFileSync(path.join(target, 'partial'), '');
    }, () => fs.existsSync(path.join(target, 'done')))).toThrow();
    expect(fs.readdirSync(root)).toEqual(['k']);
  });

  test('a file replaces the one in place atomically', () => {
    const target = path.join(root, 'k.js');
    writeAtomically(target, tmp => fs.writeFileSync(tmp, 'one'));
    writeAtomically(target, tmp => fs.writeFileSync(tmp, 'one'));
    expect(fs.readdirSync(root)).toEqual(['k.js']);
    expect(fs.readFileSync(target, 'utf8')).toBe('one');
  });
});

describe('prune', () => {
  test('removes what is older than the limit and accepted, but never the entry kept', () => {
    for (const name of ['old', 'kept', 'fresh', 'foreign', 'touched']) {
      fs.mkdirSync(path.join(root, name));
    }
    fs.writeFileSync(path.join(root, 'old.js'), '');
    for (const name of ['old', 'old.js', 'kept', 'foreign', 'touched']) {
      age(path.join(root, name), 60_000);
    }
    touch(path.join(root, 'touched'));
    prune(root, { olderThanMs: 30_000, keep: path.join(root, 'kept'), prunable: n => n !== 'foreign' });
    expect(fs.readdirSync(root).sort()).toEqual(['foreign', 'fresh', 'kept', 'touched']);
  });

  test('a missing directory is no error', () => {
    expect(() => prune(path.join(root, 'none'), { olderThanMs: 0 })).not.toThrow();
    expect(() => touch(path.join(root, 'none'))).not.toThrow();
  });
});
