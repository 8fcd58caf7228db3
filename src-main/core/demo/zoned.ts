// The 'zoned' demo study area: a benchmark where shape matters. Deposits carry zoned halos (core elements in the
// centre, a ring of pathfinders that are LOW at the centre), elongated along the lineaments they sit on, and the area
// holds false anomalies shaped unlike deposits (whole lithological units raised in the same elements, single-sample
// spikes). At one cell a deposit looks like a false anomaly; only its neighbourhood tells it apart.
// Recipe and its notes: resources/demo-recipe-zoned.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_ELEMENTS, ProspectError, type TaskOptions, throwIfAborted } from '../types';
import { fmt, randomField, rng, type DemoFiles } from './generate';

export interface ZonedRecipe {
  scenario: 'zoned';
  seed: number;
  crs: string;
  origin: [number, number];
  sizeKm: number;
  samples: number;
  deposits: number;
  lineaments: number;
  depositOffsetM: number;
  depositMinSpacingM: number;
  edgeMarginM: number;
  ring: { radiusM: number; elongation: number; widthFraction: number; centreRadiusFraction: number; centreDepletion: number; elements: Record<string, number> };
  core: { radiusFraction: number; elements: Record<string, number> };
  units: { count: number; coreRich: number; ringRich: number; bothRich: number; coreElements: Record<string, number>; ringElements: Record<string, number> };
  spikes: { count: number; minDistanceM: number; log10: number };
  correlationLengthM: number;
  lithologyWeight: number;
  nuggetLog10Sd: number;
  blankFraction: number;
  elements: Record<string, { median: number; log10Sd: number; unit: string; dl: number }>;
}

export type UnitKind = 'plain' | 'core-rich' | 'ring-rich' | 'both-rich';

/** What the generator put where: the answer key of the scenario, written beside the data as truth.json. */
export interface ZonedTruth {
  lineaments: { x: number; y: number; angle: number }[];
  /** angle: the halo's long axis (radians from +x), the lineament's. */
  deposits: { id: string; x: number; y: number; angle: number; lineament: number }[];
  units: { id: number; x: number; y: number; kind: UnitKind }[];
  /** Sample ids raised as single-sample spikes. */
  spikes: string[];
  /** Ring geometry in metres, for checks: across-strike radius and along-strike radius. */
  ringRadiusM: { across: number; along: number };
}

export function loadZonedRecipe(): ZonedRecipe {
  const url = new URL('../../../resources/demo-recipe-zoned.json', import.meta.url);
  const raw = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as ZonedRecipe & { about?: string; notes?: string[] };
  delete raw.about;
  delete raw.notes;
  return raw;
}

/** Elliptical distance of (x, y) to a deposit, in ring radii (1 = on the ring's crest). */
export function ringRho(d: { x: number; y: number; angle: number }, x: number, y: number, ring: { radiusM: number; elongation: number }): number {
  const dx = x - d.x;
  const dy = y - d.y;
  const c = Math.cos(d.angle);
  const s = Math.sin(d.angle);
  const u = (dx * c + dy * s) / (ring.radiusM * ring.elongation);
  const v = (-dx * s + dy * c) / ring.radiusM;
  return Math.hypot(u, v);
}

/** The index of the nearest unit seed: units are the Voronoi cells of their seeds. */
export function unitAt(units: { x: number; y: number }[], x: number, y: number): number {
  let best = 0;
  let bd = Infinity;
  units.forEach((u, k) => {
    const d = (u.x - x) ** 2 + (u.y - y) ** 2;
    if (d < bd) (bd = d), (best = k);
  });
  return best;
}

type Rng = ReturnType<typeof rng>;

function placeDeposits(recipe: ZonedRecipe, r: Rng, lineaments: ZonedTruth['lineaments']): ZonedTruth['deposits'] {
  const size = recipe.sizeKm * 1000;
  const [x0, y0] = recipe.origin;
  const m = recipe.edgeMarginM;
  const out: ZonedTruth['deposits'] = [];
  for (let tries = 0; out.length < recipe.deposits && tries < 100_000; tries++) {
    const k = Math.min(lineaments.length - 1, Math.floor(r.next() * lineaments.length));
    const l = lineaments[k];
    const t = (r.next() - 0.5) * size * 1.5;
    const off = r.normal() * recipe.depositOffsetM;
    const dx = Math.cos(l.angle);
    const dy = Math.sin(l.angle);
    const x = l.x + dx * t - dy * off;
    const y = l.y + dy * t + dx * off;
    if (x < x0 + m || x > x0 + size - m || y < y0 + m || y > y0 + size - m) continue;
    if (out.some((d) => Math.hypot(d.x - x, d.y - y) < recipe.depositMinSpacingM)) continue;
    out.push({ id: `Z${String(out.length + 1).padStart(2, '0')}`, x, y, angle: l.angle, lineament: k });
  }
  return out;
}

/** Units drawn for enrichment only among those holding no deposit, in a seeded order. */
function placeUnits(recipe: ZonedRecipe, r: Rng, deposits: ZonedTruth['deposits']): ZonedTruth['units'] {
  const size = recipe.sizeKm * 1000;
  const [x0, y0] = recipe.origin;
  const units: ZonedTruth['units'] = Array.from({ length: recipe.units.count }, (_, id) => ({ id, x: x0 + r.next() * size, y: y0 + r.next() * size, kind: 'plain' as UnitKind }));
  const holding = new Set(deposits.map((d) => unitAt(units, d.x, d.y)));
  const barren = units.map((u) => u.id).filter((id) => !holding.has(id));
  for (let i = barren.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [barren[i], barren[j]] = [barren[j], barren[i]];
  }
  const { coreRich, ringRich, bothRich } = recipe.units;
  if (coreRich + ringRich + bothRich > barren.length) {
    throw new ProspectError(`The zoned recipe asks for ${coreRich + ringRich + bothRich} enriched units but only ${barren.length} of ${units.length} hold no deposit.`, 'BAD_RECIPE', { column: 'units' });
  }
  barren.slice(0, coreRich).forEach((id) => (units[id].kind = 'core-rich'));
  barren.slice(coreRich, coreRich + ringRich).forEach((id) => (units[id].kind = 'ring-rich'));
  barren.slice(coreRich + ringRich, coreRich + ringRich + bothRich).forEach((id) => (units[id].kind = 'both-rich'));
  return units;
}

/** log10 gains of the zoned halos at (x, y): the strongest deposit wins each of the core, ring and centre terms. */
function haloTerms(recipe: ZonedRecipe, deposits: ZonedTruth['deposits'], x: number, y: number) {
  const { ring, core } = recipe;
  const reach = ring.radiusM * ring.elongation * 2;
  let coreT = 0;
  let ringT = 0;
  let centreT = 0;
  for (const d of deposits) {
    if (Math.abs(d.x - x) > reach || Math.abs(d.y - y) > reach) continue;
    const rho = ringRho(d, x, y, ring);
    coreT = Math.max(coreT, Math.exp(-(rho * rho) / (2 * core.radiusFraction ** 2)));
    ringT = Math.max(ringT, Math.exp(-((rho - 1) ** 2) / (2 * ring.widthFraction ** 2)));
    centreT = Math.max(centreT, Math.exp(-(rho * rho) / (2 * ring.centreRadiusFraction ** 2)));
  }
  return { coreT, ringT, centreT };
}

/**
 * Writes the zoned study area: samples.csv and deposits.csv in the isotropic demo's layout (so the same import reads
 * them), recipe.json and truth.json (the answer key). Pure function of the recipe and seed.
 */
export function generateZonedDemo(outDir: string, overrides: Partial<ZonedRecipe> = {}, opts: TaskOptions = {}): DemoFiles & { truthFile: string } {
  const recipe: ZonedRecipe = { ...loadZonedRecipe(), ...overrides };
  const r = rng(recipe.seed);
  const size = recipe.sizeKm * 1000;
  const [x0, y0] = recipe.origin;

  const lineaments = Array.from({ length: recipe.lineaments }, () => ({
    x: x0 + size * (0.2 + 0.6 * r.next()), y: y0 + size * (0.2 + 0.6 * r.next()), angle: r.next() * Math.PI,
  }));
  const deposits = placeDeposits(recipe, r, lineaments);
  const units = placeUnits(recipe, r, deposits);

  const side = Math.ceil(Math.sqrt(recipe.samples));
  const step = size / side;
  const cells = Array.from({ length: side * side }, (_, i) => i);
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [cells[i], cells[j]] = [cells[j], cells[i]];
  }
  const chosen = cells.slice(0, recipe.samples).sort((a, b) => a - b);
  const xy = chosen.map((cell) => [x0 + ((cell % side) + 0.15 + 0.7 * r.next()) * step, y0 + (Math.floor(cell / side) + 0.15 + 0.7 * r.next()) * step]);

  // Spikes: a seeded draw among the samples far from every deposit, so no spike sits on a halo.
  const far = xy.map((_, n) => n).filter((n) => deposits.every((d) => Math.hypot(d.x - xy[n][0], d.y - xy[n][1]) > recipe.spikes.minDistanceM));
  for (let i = far.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [far[i], far[j]] = [far[j], far[i]];
  }
  const spikeSet = new Set(far.slice(0, recipe.spikes.count));

  const lithology = randomField(r, recipe.correlationLengthM * 2);
  const elements = PAPER_ELEMENTS.filter((e) => recipe.elements[e]);
  const fields = elements.map(() => randomField(r, recipe.correlationLengthM));
  const id = (n: number) => `S${String(n + 1).padStart(5, '0')}`;

  const header = ['SAMPLE_ID', 'X', 'Y', ...elements.map((e) => `${e}_${recipe.elements[e].unit}`)];
  const lines = [header.join(',')];
  xy.forEach(([x, y], n) => {
    if (n % 500 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ step: 'demo', done: n, total: xy.length });
    }
    const { coreT, ringT, centreT } = haloTerms(recipe, deposits, x, y);
    const kind = units[unitAt(units, x, y)].kind;
    const spike = spikeSet.has(n);
    const lith = lithology(x, y);
    const row = [id(n), x.toFixed(1), y.toFixed(1)];
    elements.forEach((e, k) => {
      const spec = recipe.elements[e];
      if (r.next() < recipe.blankFraction) {
        row.push('');
        return;
      }
      const w = recipe.lithologyWeight;
      const background = Math.sqrt(1 - w * w) * fields[k](x, y) + w * lith;
      let log10 = Math.log10(spec.median) + spec.log10Sd * background + recipe.nuggetLog10Sd * r.normal();
      const coreAmp = recipe.core.elements[e] ?? 0;
      const ringAmp = recipe.ring.elements[e] ?? 0;
      log10 += coreAmp * coreT + ringAmp * (ringT - recipe.ring.centreDepletion * centreT);
      if (kind === 'core-rich' || kind === 'both-rich') log10 += recipe.units.coreElements[e] ?? 0;
      if (kind === 'ring-rich' || kind === 'both-rich') log10 += recipe.units.ringElements[e] ?? 0;
      if (spike && (coreAmp > 0 || ringAmp > 0)) log10 += recipe.spikes.log10;
      const v = 10 ** log10;
      row.push(v < spec.dl ? `<${spec.dl}` : fmt(v));
    });
    lines.push(row.join(','));
  });

  const truth: ZonedTruth = {
    lineaments, deposits, units, spikes: [...spikeSet].sort((a, b) => a - b).map(id),
    ringRadiusM: { across: recipe.ring.radiusM, along: recipe.ring.radiusM * recipe.ring.elongation },
  };
  mkdirSync(outDir, { recursive: true });
  const samplesFile = join(outDir, 'samples.csv');
  const depositsFile = join(outDir, 'deposits.csv');
  const recipeFile = join(outDir, 'recipe.json');
  const truthFile = join(outDir, 'truth.json');
  writeFileSync(samplesFile, lines.join('\n') + '\n');
  writeFileSync(depositsFile, ['ID,NAME,X,Y,COMMODITY', ...deposits.map((d, i) => `${d.id},Zoned deposit ${i + 1},${d.x.toFixed(1)},${d.y.toFixed(1)},Au-Cu`)].join('\n') + '\n');
  writeFileSync(recipeFile, JSON.stringify(recipe, null, 2) + '\n');
  writeFileSync(truthFile, JSON.stringify(truth, null, 2) + '\n');
  opts.onProgress?.({ step: 'demo', done: xy.length, total: xy.length });
  const used = (o: Record<string, number>) => Object.keys(o).filter((e) => elements.includes(e as (typeof elements)[number]));
  return {
    samplesFile, depositsFile, recipeFile, truthFile, crs: recipe.crs,
    pathfinders: [...used(recipe.core.elements), ...used(recipe.ring.elements)],
    elements: [...elements], samples: xy.length, deposits: deposits.length,
  };
}
