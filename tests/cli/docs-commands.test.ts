// The CLI commands the docs give start at once: `npx prospect` spends ~2.5 s resolving the project's own bin through
// npx's cache before every command (docs/design.md, "The CLI"), so README.md and docs/*.md name `node bin/prospect.mjs`
// (or `npm run -s prospect -- ...`), and every such command is one the CLI has.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src-main/cli/index';
import { repoRoot } from '../helpers/cli';

const docs = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const texts = docs.map((d) => [d, readFileSync(path.join(repoRoot, d), 'utf8')] as const);

describe('the CLI commands in the docs', () => {
  it('never go through npx (but where design.md measures it)', () => {
    const measured = /\n## The CLI\n[\s\S]*?(?=\n## )/;
    expect(texts.find(([d]) => d === 'docs/design.md')![1]).toMatch(measured);
    for (const [doc, text] of texts) expect(text.replace(measured, ''), doc).not.toMatch(/npx\s+prospect\b/);
    expect(readFileSync(path.join(repoRoot, 'scripts/start.mjs'), 'utf8')).not.toMatch(/npx\s+prospect\b/);
  });

  it('name commands the CLI has, in the fast form', () => {
    const runs = texts.flatMap(([doc, text]) => [...text.matchAll(/(?:node bin\/prospect\.mjs|npm run -s prospect --) ([a-z]+)/g)].map((m) => [doc, m[1]]));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const [doc, command] of runs) expect(Object.hasOwn(COMMANDS, command) || command === 'help', `${doc}: ${command}`).toBe(true);
  });
});
