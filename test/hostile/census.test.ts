/**
 * Runs every row module under test/hostile/rows/ (one per domain) and holds the census to its size.
 */
import * as fs from 'fs';
import * as path from 'path';
import { HostileRow, census } from './harness';

const dir = path.join(__dirname, 'rows');
const modules = fs.readdirSync(dir).filter(f => f.endsWith('.ts')).sort();
let total = 0;
for (const file of modules) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { rows } = require(path.join(dir, file)) as { rows: HostileRow[] };
  total += rows.length;
  census(file.replace(/\.ts$/, ''), rows);
}

test('the census holds at least 150 distinct bad inputs', () => {
  expect(total).toBeGreaterThanOrEqual(150);
});
