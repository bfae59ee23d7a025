import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const VERBS = 'init|demo|users|roles|tests|exams|candidates|committees|grades|groups|locations|capacity|report|log|db';
const CLI_WORD = new RegExp(`\\bexamctl (${VERBS})\\b|(^|[\\s"'(\`,])--[a-z][a-z-]+`);

/** Every string literal (and template piece) under src/domain/ that names an examctl command or a --flag. */
function cliWordsInDomain(): string[] {
  const domain = path.join(ROOT, 'src', 'domain');
  const files = (fs.readdirSync(domain, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => path.join(domain, f));
  const hits: string[] = [];
  for (const file of files) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      const literal =
        ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n);
      const isImport = n.parent !== undefined && (ts.isImportDeclaration(n.parent) || ts.isExportDeclaration(n.parent));
      if (literal && !isImport && CLI_WORD.test(n.text)) {
        hits.push(`${path.relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1} ${JSON.stringify(n.text)}`);
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return hits;
}

describe('the domain speaks the domain', () => {
  it('names no examctl command and no --flag in src/domain (the command layer writes them)', () => {
    expect(cliWordsInDomain()).toEqual([]);
  });
});
