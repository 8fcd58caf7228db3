import { parseArgs, type Args } from './args';
import { Output } from './output';
import { CONFIG_FLAGS_HELP } from './config-flags';

export type Command = (args: Args, out: Output, signal: AbortSignal) => Promise<unknown>;

/**
 * A command loaded when it runs: the commands pull in tfjs, SQLite and the whole core, which `prospect help` and a
 * plain `grid --samples` do not need at start-up.
 */
function lazy<M>(load: () => Promise<M>, pick: (m: M) => Command): Command {
  return async (args, out, signal) => pick(await load())(args, out, signal);
}

const EVALUATE_HELP =
  'evaluate --project P [--holdout] [--archs smallcnn,resnet18] [--cv-epochs N] [--cv-input N] [--cv-folds 0,2] [--no-dense] [--stored]\n' +
  '    held out on the map: the CNN against the best single element, a z-score index, logistic regression and a random forest, with intervals and a verdict; beside it the paper\'s tiles (not held out)';

const COMMANDS: Record<string, { run: Command; help: string }> = {
  demo: { run: lazy(() => import('./commands/demo'), (m) => m.demoCommand), help: 'demo --out DIR [--seed N] [--small] [--preset quick|paper]   generate the demo area, run every step, export into DIR' },
  run: { run: lazy(() => import('./commands/run'), (m) => m.runCommand), help: 'run --project P [--preset quick] [--out DIR] [config flags]   run every step still to do' },
  import: { run: lazy(() => import('./commands/import'), (m) => m.importCommand), help: 'import --project P (--samples FILE [--layer NAME] [--x COL --y COL --crs EPSG:N --target-crs EPSG:N --map El=COL,... --sample-id COL --units El=ppb,... --campaign COL|none --zeros censored|value] | --deposits FILE [--layer NAME] [--x --y --crs --target-crs --name-column COL --id-column COL --type-column COL --types Mine,Deposit] | --grids DIR)' },
  grid: { run: lazy(() => import('./commands/grid'), (m) => m.gridCommand), help: 'grid (--project P | --samples FILE --x COL --y COL --crs EPSG:N) [--elements A,B] (--size WxH | --cell M) [--min-coverage X] [--levelling none|zscore|quantile] [--campaigns A,B] [--out DIR]' },
  select: { run: lazy(() => import('./commands/select'), (m) => m.selectCommand), help: 'select --project P [--criterion shift|zauc|zauc-null|permutation] [--threshold Z] [--holm] [--min-deposits N] [--force A,B] [--exclude A,B] [--two-sided]   per-element AUC / ZAUC' },
  dataset: { run: lazy(() => import('./commands/step'), (m) => m.stepCommand('dataset')), help: 'dataset --project P [--window N|auto --crop N|auto --positives N --negatives N --folds K|auto --fold-buffer N|auto]' },
  train: { run: lazy(() => import('./commands/step'), (m) => m.stepCommand('train')), help: 'train --project P [--arch A --epochs N --batch N ...] [--resume]' },
  predict: { run: lazy(() => import('./commands/step'), (m) => m.stepCommand('predict')), help: 'predict --project P [--model-from OTHER.prospect or an exported model/ folder] [--tiles 12x12]' },
  evaluate: { run: lazy(() => import('./commands/evaluate'), (m) => m.evaluateCommand), help: EVALUATE_HELP },
  export: { run: lazy(() => import('./commands/export-gpkg'), (m) => m.exportCommand), help: 'export --project P --out DIR   GeoTIFF maps, targets, report; export --project P --gpkg FILE.gpkg   a GeoPackage copy QGIS opens whole' },
  info: { run: lazy(() => import('./commands/info'), (m) => m.infoCommand), help: 'info --project P   what the project holds and what is still to do' },
};

function usage(): string {
  return ['usage: prospect <command> [options] [--json]', '', ...Object.values(COMMANDS).map((c) => '  ' + c.help), '', 'config flags:' + CONFIG_FLAGS_HELP].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = name ? COMMANDS[name] : undefined;
  if (!cmd || name === 'help' || name === '--help') {
    (cmd || name === 'help' || name === '--help' ? process.stdout : process.stderr).write(usage() + '\n');
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  const args = parseArgs(rest);
  const out = new Output(args.flags.get('json') === true, args.flags.get('quiet') === true);
  if (args.flags.get('help')) {
    process.stdout.write(cmd.help + '\n' + CONFIG_FLAGS_HELP + '\n');
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
