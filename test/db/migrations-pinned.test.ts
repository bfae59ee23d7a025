import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/db/migrations/index.js';
import { ROOT } from '../helpers.js';

/**
 * A shipped migration is never edited: databases out there have run it as it was. Each file's
 * SHA-256 is pinned here when it ships; a new migration adds a line, and nothing else changes one.
 */
const SHIPPED: Record<string, string> = {
  '001-initial-schema.ts': 'fae1ab6328ab764fee1f6c237533455cbce02d92183913e7e05351713841bde0',
  '002-school-exam-times.ts': '39f1ed9ff7900e2ea8e555db50336c1d2ba0c8b7e4422e1e0cbcfc25fc98e412',
  '003-event-log-indexes.ts': '549dea89e1fdbda9cd5221bf9fa3a9d0496b9c150f578d2ebbbf60dc9531805b',
  '004-after-grading.ts': '5b33042a9ae61bf22c970cb16fdaad404879132317d81abd83cf1214d68f9d38',
  '005-references-by-statement.ts': '2fd22f65bef6c3fe17ed2f0aefe8ba86b03f3ef6bbfc98b95520c1ce5e434f13',
  '006-references-by-range.ts': '36116be65775e94ee958ce7125703f5ce9b901d74adf34697c75068ee06749b1',
};

describe('shipped migrations', () => {
  it('are unchanged, byte for byte', () => {
    const dir = path.join(ROOT, 'src', 'db', 'migrations');
    for (const [file, sha] of Object.entries(SHIPPED)) {
      expect(crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, file))).digest('hex'), file).toBe(sha);
    }
  });

  it('are all pinned, numbered in order', () => {
    expect(migrations.map((m) => `${m.name}.ts`)).toEqual(Object.keys(SHIPPED));
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });
});
