import { bool, parseArgs, type Args } from './args';
import { CONFIG_FLAGS, CONFIG_FLAGS_HELP } from './config-flags';
import { GLOBAL_FLAGS } from './flags';
import { DEPOSIT_FLAGS, DEPOSIT_FLAGS_HELP, SAMPLE_FLAGS, SAMPLE_FLAGS_HELP } from './import-options';
import { Output } from './output';
import { choices, DEMO_SCENARIOS, LEVELLING_METHODS, PRESET_NAMES, SELECTION_CRITERIA, TRANSFORMS } from '../core/vocabulary';
import { configureProjectLocks } from '../core/store/project-lock';

export type Command = (args: Args, out: Output, signal: AbortSignal) => Promise<unknown>;

/**
 * A command loaded when it runs: the commands pull in tfjs, SQLite and the whole core, which `prospect help` and a
 * plain `grid --samples` do not need at start-up.
 */
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Command): Command {
  return async (args, out, signal) => pick(await load())(args, out, signal);
}

export type Group = 'config' | 'samples' | 'deposits';

/**
 * A command: what runs it, its synopsis, and the flags it takes, declared once: the parser refuses every other flag
 * and a test checks the synopsis names exactly these. Groups are flags read by a shared reader (configFromArgs,
 * sampleOptions, depositOptions), listed once under their own heading in the help.
 */
interface CommandSpec { run: Command; help: string; flags: readonly string[]; groups?: readonly Group[] }

export const GROUPS: Record<Group, { flags: readonly string[]; title: string; help: string }> = {
  config: { flags: CONFIG_FLAGS, title: 'config flags', help: CONFIG_FLAGS_HELP },
  samples: { flags: SAMPLE_FLAGS, title: 'sample file flags (import --samples, grid --samples)', help: SAMPLE_FLAGS_HELP },
  deposits: { flags: DEPOSIT_FLAGS, title: 'deposit file flags (import --deposits)', help: DEPOSIT_FLAGS_HELP },
};

const GLOBAL_HELP = `
  --json   the last line on stdout is one JSON object with the results   --quiet   no progress lines   --help`;

const EVALUATE_HELP =
  'evaluate --project P [--holdout] [--archs smallcnn,resnet18] [--cv-epochs N] [--cv-input N] [--cv-folds 0,2] [--no-dense] [--stored] [config flags]\n' +
  '    held out on the map: the CNN against the best single element, a z-score index, logistic regression and a random forest, with intervals and a verdict; beside it the paper\'s tiles (not held out)';

export const COMMANDS: Record<string, CommandSpec> = {
  demo: {
    run: lazy(() => import('./commands/demo'), (m) => m.demoCommand), flags: ['out', 'scenario', 'demo-seed', 'small'], groups: ['config'],
    help: `demo --out DIR [--scenario ${choices(DEMO_SCENARIOS)}] [--small] [--demo-seed N] [--preset ${choices(PRESET_NAMES)}] [--force] [config flags]   generate a demo area (seeded by --demo-seed; zoned: halos whose shape matters), run every step, export into DIR (an empty folder or an earlier demo)`,
  },
  run: {
    run: lazy(() => import('./commands/run'), (m) => m.runCommand), flags: ['project', 'steps', 'out', 'model-from'], groups: ['config'],
    help: 'run --project P [--steps grid,select,...] [--preset quick] [--out DIR] [--model-from OTHER.prospect] [config flags]   run every step still to do',
  },
  import: {
    run: lazy(() => import('./commands/import'), (m) => m.importCommand), flags: ['project', 'name', 'samples', 'deposits', 'grids', 'crs', 'transform'],
    groups: ['samples', 'deposits'],
    help: `import --project P [--name NAME] (--samples FILE [sample file flags] | --deposits FILE [deposit file flags] | --grids DIR [--crs EPSG:N] [--transform ${choices(TRANSFORMS)}])`,
  },
  grid: {
    run: lazy(() => import('./commands/grid'), (m) => m.gridCommand), flags: ['project', 'samples', 'out', 'no-compress'], groups: ['config', 'samples'],
    help: `grid (--project P [--samples FILE] | --samples FILE --x COL --y COL --crs EPSG:N [sample file flags]) [--elements A,B] (--size WxH | --cell M) [--min-coverage X] [--levelling ${choices(LEVELLING_METHODS)}] [--campaigns A,B] [--out DIR] [--no-compress] [config flags]`,
  },
  select: {
    run: lazy(() => import('./commands/select'), (m) => m.selectCommand), flags: ['project'], groups: ['config'],
    help: `select --project P [--criterion ${choices(SELECTION_CRITERIA)}] [--threshold Z] [--holm] [--min-deposits N] [--force A,B] [--exclude A,B] [--two-sided] [config flags]   per-element AUC / ZAUC`,
  },
  dataset: {
    run: lazy(() => import('./commands/step'), (m) => m.stepCommand('dataset')), flags: ['project'], groups: ['config'],
    help: 'dataset --project P [--window N|auto --crop N|auto --positives N --negatives N --folds K|auto --fold-buffer N|auto] [config flags]',
  },
  train: {
    run: lazy(() => import('./commands/step'), (m) => m.stepCommand('train')), flags: ['project', 'resume'], groups: ['config'],
    help: 'train --project P [--arch A --epochs N --batch N ...] [--resume] [config flags]',
  },
  predict: {
    run: lazy(() => import('./commands/step'), (m) => m.stepCommand('predict')), flags: ['project', 'model-from'], groups: ['config'],
    help: 'predict --project P [--model-from OTHER.prospect or an exported model/ folder] [--tiles 12x12] [config flags]',
  },
  evaluate: {
    run: lazy(() => import('./commands/evaluate'), (m) => m.evaluateCommand),
    flags: ['project', 'holdout', 'archs', 'cv-epochs', 'cv-input', 'cv-folds', 'stored'], groups: ['config'], help: EVALUATE_HELP,
  },
  export: {
    run: lazy(() => import('./commands/export-gpkg'), (m) => m.exportCommand), flags: ['project', 'out', 'gpkg'], groups: ['config'],
    help: 'export --project P [--out DIR] [--force] [config flags]   GeoTIFF maps, targets (CSV, GeoJSON, GPX, KML), map sheet, report (default DIR: P-export beside P; into an empty folder or its own earlier export; --force: a folder of other files); export --project P --gpkg FILE.gpkg   a GeoPackage copy QGIS opens whole',
  },
  wofe: {
    run: lazy(() => import('./commands/wofe'), (m) => m.wofeCommand),
    flags: ['raster', 'raster-crs', 'deposits', 'type', 'unit-area', 'missing', 'confidence', 'criterion', 'classes'], groups: ['deposits'],
    help: 'wofe --raster FILE.tif [--raster-crs EPSG:N|PROJ4] --deposits FILE [deposit file flags] --type categorical|ascending|descending [--unit-area KM2] [--missing CLASS] [--confidence Z] [--criterion studC|contrast] [--classes A,B]   weights of evidence per class and the binary generalisation',
  },
  'evidence-check': {
    run: lazy(() => import('./commands/evidence-check'), (m) => m.evidenceCheckCommand),
    flags: ['evidence', 'layer', 'name', 'grid-like', 'grid-crs', 'kind', 'field', 'legend', 'rule', 'radius', 'evidence-crs', 'deposits', 'deposits-layer', 'align-by-index'],
    groups: ['deposits'],
    help: 'evidence-check --evidence FILE [--layer L] [--name NAME] --grid-like REF.tif [--grid-crs EPSG:N] [--kind continuous|categorical|distance|density] [--field ATTR] [--legend CSV|CLR|QML] [--rule centre|majority] [--radius M] [--evidence-crs EPSG:N] [--deposits FILE] [--deposits-layer L] [deposit file flags] [--align-by-index ROW,COL]   an evidence layer on the grid of REF.tif: kind, resampling, classes and areas, alignment',
  },
  info: {
    run: lazy(() => import('./commands/info'), (m) => m.infoCommand), flags: ['project'],
    help: 'info --project P   what the project holds and what is still to do',
  },
};

/** Every flag `name` takes: its own, its groups', and the global ones. */
export function knownFlags(name: string): string[] {
  const c = COMMANDS[name];
  return [...new Set([...c.flags, ...(c.groups ?? []).flatMap((g) => GROUPS[g].flags), ...GLOBAL_FLAGS])];
}

const takenBy = (flag: string) => Object.keys(COMMANDS).filter((n) => knownFlags(n).includes(flag));

function groupHelp(groups: readonly Group[]): string[] {
  return groups.flatMap((g) => ['', GROUPS[g].title + ':' + GROUPS[g].help]);
}

export function usage(): string {
  return ['usage: prospect <command> [options] [--json]   (prospect help <command>: its flags)', '',
    ...Object.values(COMMANDS).map((c) => '  ' + c.help), ...groupHelp(['config', 'samples', 'deposits']),
    '', 'every command:' + GLOBAL_HELP].join('\n');
}

function commandHelp(c: CommandSpec): string {
  return [c.help, ...groupHelp(c.groups ?? []), '', 'every command:' + GLOBAL_HELP].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (name === 'help' || name === '--help') {
    const about = rest.length === 1 && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
    process.stdout.write((about ? commandHelp(about) : usage()) + '\n');
    return 0;
  }
  if (!cmd) {
    process.stderr.write((name ? `error: unknown command '${name}'.\n\n` : '') + usage() + '\n');
    return 2;
  }
  // Every flag checked before anything runs: an unknown one is refused with the nearest known name, nothing done.
  let args: Args;
  try {
    args = parseArgs(rest, { command: name, known: knownFlags(name), takenBy });
  } catch (e) {
    return new Output(rest.includes('--json')).error(e);
  }
  const out = new Output(bool(args, 'json'), bool(args, 'quiet'));
  // A writer's lock names the command that holds it; a stale one taken over is said on stderr.
  configureProjectLocks({ command: `prospect ${name}`, onNote: (m) => out.info(m) });
  if (bool(args, 'help')) {
    process.stdout.write(commandHelp(cmd) + '\n');
    return 0;
  }
  // Ctrl-C cancels the running step; the project file stays as it was before that step.
  const controller = new AbortController();
  const onSigint = () => {
    out.info('cancelling...');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  // Work handed to unref'd worker threads (the wasm thread pool, tile encoders) must not let Node see an empty event
  // loop and quit with exit code 13 while the command still awaits it: hold the loop open until the command ends.
  const keepAlive = setInterval(() => {}, 1 << 30);
  try {
    const result = await cmd.run(args, out, controller.signal);
    out.result({ ok: true, ...(result as object) });
    return 0;
  } catch (e) {
    return out.error(e);
  } finally {
    clearInterval(keepAlive);
    process.off('SIGINT', onSigint);
  }
}
