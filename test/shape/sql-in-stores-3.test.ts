import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The folders whose SQL lives in their store modules. */
const FOLDERS = ['src/domain/grading', 'src/domain/imports'];

/** A store module: store.ts, store-*.ts or *-store.ts. */
const isStore = (file: string) => /^(store(-[\w-]+)?|[\w-]+-store)\.ts$/.test(path.basename(file));

const DB_CALLS = new Set(['prepare', 'exec', 'pragma']);

/** Every `.prepare(` / `.exec(` / `.pragma(` call in the source, as line: text (a regex literal's exec aside). */
function dbCalls(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && DB_CALLS.has(node.expression.name.text)) {
      const receiver = node.expression.expression;
      if (!(node.expression.name.text === 'exec' && receiver.kind === ts.SyntaxKind.RegularExpressionLiteral)) {
        const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
        found.push(`${line}: ${node.getText(sf).split('\n')[0]}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('SQL of grading and imports in their stores', () => {
  it('finds database calls and leaves a regex exec alone', () => {
    const sample = "const a = db.prepare('SELECT 1').get();\nconst m = /x/.exec(s);\ndb\n  .pragma('foreign_keys = ON');\ndb.exec('VACUUM');";
    expect(dbCalls('sample.ts', sample).map((l) => l.split(':')[0])).toEqual(['1', '3', '5']);
  });

  it('no rule module in these folders prepares, executes or sets a pragma', () => {
    const outside: string[] = [];
    for (const folder of FOLDERS) {
      const dir = path.join(ROOT, folder);
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
        const file = path.join(dir, f);
        if (isStore(file)) continue;
        for (const call of dbCalls(file, fs.readFileSync(file, 'utf8'))) outside.push(`${folder}/${f}:${call}`);
      }
    }
    expect(outside, 'SQL belongs in the folder\'s store module (store.ts, store-*.ts or *-store.ts)').toEqual([]);
  });
});
