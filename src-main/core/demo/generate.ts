import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_ELEMENTS, type TaskOptions, throwIfAborted } from '../types';

export interface DemoRecipe {
  seed: number;
  crs: string;
  origin: [number, number];
  sizeKm: number;
  samples: number;
  deposits: number;
  corridors: number;
  depositMinSpacingM: number;
  edgeMarginM: number;
  haloSigmaM: number;
  correlationLengthM: number;
  lithologyWeight: number;
  nuggetLog10Sd: number;
  blankFraction: number;
  pathfinders: Record<string, number>;
  elements: Record<string, { median: number; log10Sd: number; unit: string; dl: number }>;
}

export interface DemoFiles {
  samplesFile: string;
  depositsFile: string;
  recipeFile: string;
  crs: string;
  pathfinders: string[];
  elements: string[];
  samples: number;
  deposits: number;
}

export function loadDemoRecipe(): DemoRecipe {
  const url = new URL('../../../resources/demo-recipe.json', import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as DemoRecipe;
}

/** splitmix32: small, fast and good enough for synthetic data; the demo must not depend on Math.random. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = Math.max(next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return { next, normal };
}

/** A smooth Gaussian random field (unit variance) by random Fourier features: cheap, seeded, and isotropic. */
export function randomField(r: ReturnType<typeof rng>, lengthM: number, features = 96) {
  const wx = new Float64Array(features);
  const wy = new Float64Array(features);
  const b = new Float64Array(features);
  for (let i = 0; i < features; i++) {
    wx[i] = r.normal() / lengthM;
    wy[i] = r.normal() / lengthM;
    b[i] = r.next() * 2 * Math.PI;
  }
  const k = Math.sqrt(2 / features);
  return (x: number, y: number) => {
    let s = 0;
    for (let i = 0; i < features; i++) s += Math.cos(wx[i] * x + wy[i] * y + b[i]);
    return k * s;
  };
}

export function fmt(v: number): string {
  return Number(v.toPrecision(4)).toString();
}

/**
 * Writes the demo study area: samples.csv (SAMPLE_ID, X, Y and the 16 elements with units in the headers, a few
 * below-detection strings and blanks) and deposits.csv, in a UTM CRS. Pure function of the recipe and seed.
 */
export function generateDemo(outDir: string, overrides: Partial<DemoRecipe> = {}, opts: TaskOptions = {}): DemoFiles {
  const recipe: DemoRecipe = { ...loadDemoRecipe(), ...overrides };
  const r = rng(recipe.seed);
  const size = recipe.sizeKm * 1000;
  const [x0, y0] = recipe.origin;

  // Deposits cluster along a few structural corridors, as gold districts do.
  const corridors = Array.from({ length: recipe.corridors }, () => {
    const cx = x0 + size * (0.2 + 0.6 * r.next());
    const cy = y0 + size * (0.2 + 0.6 * r.next());
    const angle = r.next() * Math.PI;
    return { cx, cy, dx: Math.cos(angle), dy: Math.sin(angle) };
  });
  const deposits: { id: string; x: number; y: number }[] = [];
  for (let tries = 0; deposits.length < recipe.deposits && tries < 100_000; tries++) {
    const c = corridors[deposits.length % corridors.length];
    const t = (r.next() - 0.5) * size;
    const off = r.normal() * 900;
    const x = c.cx + c.dx * t - c.dy * off;
    const y = c.cy + c.dy * t + c.dx * off;
    const m = recipe.edgeMarginM;
    if (x < x0 + m || x > x0 + size - m || y < y0 + m || y > y0 + size - m) continue;
    if (deposits.some((d) => Math.hypot(d.x - x, d.y - y) < recipe.depositMinSpacingM)) continue;
    deposits.push({ id: `D${String(deposits.length + 1).padStart(2, '0')}`, x, y });
  }

  // Samples: a jittered lattice at the survey's density (about one per 0.23 km^2 for 7,000 over 40 x 40 km).
  const side = Math.ceil(Math.sqrt(recipe.samples));
  const step = size / side;
  const cells = Array.from({ length: side * side }, (_, i) => i);
  for (let i = cells.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [cells[i], cells[j]] = [cells[j], cells[i]];
  }
  const chosen = cells.slice(0, recipe.samples).sort((a, b) => a - b);

  const lithology = randomField(r, recipe.correlationLengthM * 2);
  const elements = PAPER_ELEMENTS.filter((e) => recipe.elements[e]);
  const fields = elements.map(() => randomField(r, recipe.correlationLengthM));
  const sigma2 = 2 * recipe.haloSigmaM * recipe.haloSigmaM;

  const header = ['SAMPLE_ID', 'X', 'Y', ...elements.map((e) => `${e}_${recipe.elements[e].unit}`)];
  const lines = [header.join(',')];
  chosen.forEach((cell, n) => {
    if (n % 500 === 0) {
      throwIfAborted(opts.signal);
      opts.onProgress?.({ step: 'demo', done: n, total: chosen.length });
    }
    const x = x0 + ((cell % side) + 0.15 + 0.7 * r.next()) * step;
    const y = y0 + (Math.floor(cell / side) + 0.15 + 0.7 * r.next()) * step;
    let halo = 0;
    for (const d of deposits) {
      const d2 = (d.x - x) ** 2 + (d.y - y) ** 2;
      if (d2 < 9 * sigma2) halo = Math.max(halo, Math.exp(-d2 / sigma2));
    }
    const lith = lithology(x, y);
    const row = [`S${String(n + 1).padStart(5, '0')}`, x.toFixed(1), y.toFixed(1)];
    elements.forEach((e, k) => {
      const spec = recipe.elements[e];
      if (r.next() < recipe.blankFraction) {
        row.push('');
        return;
      }
      const w = recipe.lithologyWeight;
      const background = Math.sqrt(1 - w * w) * fields[k](x, y) + w * lith;
      const log10 = Math.log10(spec.median) + spec.log10Sd * background + recipe.nuggetLog10Sd * r.normal()
        + (recipe.pathfinders[e] ?? 0) * halo;
      const v = 10 ** log10;
      row.push(v < spec.dl ? `<${spec.dl}` : fmt(v));
    });
    lines.push(row.join(','));
  });

  mkdirSync(outDir, { recursive: true });
  const samplesFile = join(outDir, 'samples.csv');
  const depositsFile = join(outDir, 'deposits.csv');
  const recipeFile = join(outDir, 'recipe.json');
  writeFileSync(samplesFile, lines.join('\n') + '\n');
  writeFileSync(depositsFile, ['ID,NAME,X,Y,COMMODITY', ...deposits.map((d, i) => `${d.id},Demo deposit ${i + 1},${d.x.toFixed(1)},${d.y.toFixed(1)},Au`)].join('\n') + '\n');
  writeFileSync(recipeFile, JSON.stringify(recipe, null, 2) + '\n');
  opts.onProgress?.({ step: 'demo', done: chosen.length, total: chosen.length });
  return {
    samplesFile, depositsFile, recipeFile, crs: recipe.crs,
    pathfinders: Object.keys(recipe.pathfinders).filter((e) => elements.includes(e as (typeof elements)[number])),
    elements: [...elements], samples: chosen.length, deposits: deposits.length,
  };
}
