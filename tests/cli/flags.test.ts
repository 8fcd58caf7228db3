// Every command refuses a flag it does not know, naming the closest known one, with exit code 2 and nothing done;
// every flag the help and the docs name is one its command takes, and the help names every flag a command takes.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, GROUPS, knownFlags, type Group } from '../../src-main/cli/index';
import { parseArgs, str } from '../../src-main/cli/args';
import { closestName, editDistance, GLOBAL_FLAGS } from '../../src-main/cli/flags';
import { repoRoot, tempDir } from '../helpers/cli';

function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/prospect.mjs', ...args], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
}

/** A value for a flag that would make the command write into `dir` if it ran. */
function harmless(command: string, dir: string): string[] {
  const known = knownFlags(command);
  return [
    ...(known.includes('project') ? ['--project', path.join(dir, 'p.prospect')] : []),
    ...(known.includes('out') ? ['--out', path.join(dir, 'out')] : []),
  ];
}

/** A typo of `flag`: two neighbouring letters swapped, or a letter doubled where swapping changes nothing. */
function typo(flag: string): string {
  for (let i = flag.length - 2; i >= 1; i--) {
    if (flag[i] !== flag[i + 1] && /[a-z]/.test(flag[i]) && /[a-z]/.test(flag[i + 1])) return flag.slice(0, i) + flag[i + 1] + flag[i] + flag.slice(i + 2);
  }
  return flag + flag.at(-1);
}

const commands = Object.keys(COMMANDS);

describe('unknown flags', () => {
  it('covers every registered command', () => {
    expect(commands).toEqual(expect.arrayContaining(['demo', 'run', 'import', 'grid', 'select', 'dataset', 'train', 'predict', 'evaluate', 'export', 'info']));
    for (const c of commands) expect(COMMANDS[c].flags.length, c).toBeGreaterThan(0);
  });

  it.each(commands)('%s refuses --bogus-flag and a typo of its own flag, doing nothing', (command) => {
    const dir = tempDir(`flags-${command}-`);
    const bogus = cli([command, ...harmless(command, dir), '--bogus-flag', '1', '--json']);
    expect(bogus.status, bogus.stderr).toBe(2);
    expect(bogus.stderr).toMatch(/^error: unknown flag --bogus-flag\b/m);
    expect(JSON.parse(bogus.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: false, error: { code: 'BAD_ARGS', details: { column: '--bogus-flag' } } });

    // The longest of the command's own flags, mistyped: the message names it.
    const own = [...COMMANDS[command].flags].sort((a, b) => b.length - a.length)[0];
    const wrong = typo(own);
    expect(knownFlags(command)).not.toContain(wrong);
    const r = cli([command, ...harmless(command, dir), `--${wrong}`, 'x']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`unknown flag --${wrong}; did you mean --${closestName(wrong, knownFlags(command))}?`);
    expect(closestName(wrong, knownFlags(command))).toBe(own);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('names the flag meant, or the commands that take it, as the issue asked', () => {
    const dir = tempDir('flags-issue-');
    const r = cli(['select', '--project', path.join(dir, 'p.prospect'), '--threshhold', '1.96']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: unknown flag --threshhold; did you mean --threshold?\n');
    const info = cli(['info', '--project', path.join(dir, 'p.prospect'), '--out', dir]);
    expect(info.status).toBe(2);
    expect(info.stderr).toMatch(/unknown flag --out for 'info' \(.*export take it\)/);
    const grid = cli(['grid', '--samples', path.join(dir, 'f.csv'), '--bogus', '1']);
    expect(grid.status).toBe(2);
    expect(grid.stderr).toMatch(/unknown flag --bogus\b/);
    const stray = cli(['info', path.join(dir, 'p.prospect')]);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/unexpected argument/);
    const steps = cli(['run', '--project', path.join(dir, 'p.prospect'), '--steps', 'gird,select']);
    expect(steps.status).toBe(2);
    expect(steps.stderr).toMatch(/--steps: no step 'gird'; did you mean grid\?/);
    const twice = cli(['info', '--project', 'a', '--project', 'b']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/--project is given twice/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a flag of another kind of input, which would do nothing', () => {
    const dir = tempDir('flags-kind-');
    const p = path.join(dir, 'p.prospect');
    const samplesWithTypes = cli(['import', '--project', p, '--samples', path.join(dir, 's.csv'), '--types', 'Mine']);
    expect(samplesWithTypes.status).toBe(2);
    expect(samplesWithTypes.stderr).toMatch(/--types does not apply to import --samples/);
    const depositsWithMap = cli(['import', '--project', p, '--deposits', path.join(dir, 'd.csv'), '--map', 'Cu=CU']);
    expect(depositsWithMap.stderr).toMatch(/--map does not apply to import --deposits/);
    const gridWithoutFile = cli(['grid', '--project', p, '--x', 'X']);
    expect(gridWithoutFile.status).toBe(2);
    expect(gridWithoutFile.stderr).toMatch(/--x reads a sample file/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('measures edits as Damerau-Levenshtein and suggests only near names', () => {
    expect(editDistance('threshhold', 'threshold')).toBe(1);
    expect(editDistance('lenght', 'length')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestName('elemnts', knownFlags('grid'))).toBe('elements');
    expect(closestName('thresh', knownFlags('select'))).toBe('threshold');
    expect(closestName('bogus-flag', knownFlags('info'))).toBeUndefined();
    expect(closestName('z', ['x', 'y'])).toBe('x');
    expect(closestName('bogus', knownFlags('grid'))).toBeUndefined();
  });
});

/** The `--flag` names in a piece of text. */
const flagsIn = (text: string) => [...text.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]);

describe('the flags the help and the docs name', () => {
  const help = cli(['help']);

  it('every flag on a command\'s help line is one it takes, and the line names every flag of its own', () => {
    expect(help.status).toBe(0);
    for (const command of commands) {
      const line = help.stdout.split('\n').find((l) => l.startsWith(`  ${command} `));
      expect(line, command).toBeDefined();
      const named = flagsIn(line!);
      for (const f of named) expect(knownFlags(command), `${command} --${f}`).toContain(f);
      for (const f of COMMANDS[command].flags) expect(named, `${command} --${f} is not in its help`).toContain(f);
      for (const g of COMMANDS[command].groups ?? []) expect(line, `${command}: ${g}`).toContain(`[${GROUPS[g].title.split(' (')[0]}]`);
      // The parser takes every one of them (the check main() makes before a command runs).
      expect(() => parseArgs([...new Set(named)].map((f) => `--${f}=v`), { command, known: knownFlags(command) })).not.toThrow();
    }
  });

  it('every flag under a group heading belongs to that group, and the heading names them all', () => {
    for (const [g, { flags, title, help: text }] of Object.entries(GROUPS) as [Group, (typeof GROUPS)[Group]][]) {
      expect(help.stdout).toContain(`${title}:${text}`);
      const named = flagsIn(text);
      for (const f of named) expect(flags, `${g} --${f}`).toContain(f);
      for (const f of flags) expect(named, `${g} --${f} is not in its help`).toContain(f);
    }
    for (const f of GLOBAL_FLAGS) expect(help.stdout).toContain(`--${f}`);
  });

  it('every `prospect` command in README.md, docs/*.md and the messages of src-main uses flags its command takes', () => {
    const docs = ['README.md', ...readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const sources = readdirSync(path.join(repoRoot, 'src-main'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') || f.endsWith('.vue')).map((f) => `src-main/${f}`);
    let checked = 0;
    for (const file of [...docs, ...sources]) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const source = !file.endsWith('.md');
      // Inline code spans and lines that run the CLI (in a source, a message up to its closing quote).
      const spans = source ? text.split('\n') : [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]).concat(text.split('\n'));
      for (const span of spans) {
        const m = /(?:^|[\s/'"`])prospect(?:\.mjs)?\s+(?:--\s+)?([a-z]+)\b(.*)$/.exec(span);
        if (!m || !Object.hasOwn(COMMANDS, m[1])) continue;
        const rest = source ? m[2].split(/['"`]/)[0] : m[2];
        // `prospect grid | select | train [--resume]`: each flag belongs to the command before it.
        let command = m[1];
        for (const tok of rest.split(/\s+/)) {
          if (Object.hasOwn(COMMANDS, tok)) command = tok;
          for (const f of flagsIn(tok)) {
            expect(knownFlags(command), `${file}: ${span.trim()}: --${f}`).toContain(f);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(25);
  });
});

describe('the flags the commands read', () => {
  it('are all declared (a command reading an undeclared flag also fails when it runs)', () => {
    const dir = path.join(repoRoot, 'src-main/cli');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const declared = new Set(commands.flatMap(knownFlags));
    const read = files.flatMap((f) => [...readFileSync(path.join(dir, f), 'utf8')
      .matchAll(/\b(?:str|num|numOrAuto|choice|bool|list|size|extent|required|share)\(args, '([a-z0-9-]+)'/g)].map((m) => [f, m[1]]));
    expect(read.length).toBeGreaterThan(60);
    for (const [f, flag] of read) expect(declared, `${f} reads --${flag}`).toContain(flag);
    const args = parseArgs([], { command: 'info', known: knownFlags('info') });
    expect(() => str(args, 'out')).toThrow(/reads --out but does not declare it/);
  });
});
