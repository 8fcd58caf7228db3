// The alignment check on real layers: xinjiang's label raster (exported with a wrong origin, one cell off by array
// index; SOURCE.txt) must be reported, with the placement that fits its deposits; aligned layers must pass.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alignByIndex, checkAlignment } from '../../src-main/core/evidence/alignment';
import { readShapefilePoints } from '../../src-main/core/formats/shapefile';
import { readGeoTiff } from '../../src-main/core/grid/geotiff-read';
import { CLONCURRY, XINJIANG } from './gdal';

/** The 10 xinjiang deposits on the geochemistry grid (UTM 45N), from the data set's derived table. */
function xinjiangDeposits() {
  const rows = readFileSync(path.join(XINJIANG, 'DERIVED_au_deposits_on_geochem_grid.csv'), 'utf8').trim().split('\n').slice(1);
  return { x: rows.map((r) => Number(r.split(',')[2])), y: rows.map((r) => Number(r.split(',')[3])) };
}

async function layer(file: string) {
  const g = await readGeoTiff(file);
  return { spec: g.spec, values: g.bands[0] };
}

describe('alignment of a layer with the study grid and the deposits', () => {
  it('reports xinjiang\'s label raster as misaligned, and finds it is the study grid read by index one cell down-right', async () => {
    const study = (await readGeoTiff(path.join(XINJIANG, 'Geochemical_data/Au.tif'))).spec;
    const labels = await layer(path.join(XINJIANG, 'label/Au_deposits0.tif'));
    const rep = checkAlignment(labels, study, { deposits: xinjiangDeposits() });
    console.log('xinjiang labels:', JSON.stringify({ ...rep, deposits: { ...rep.deposits, tried: undefined } }));
    expect(rep.aligned).toBe(false);
    expect(rep.sameCrs).toBe(true);
    expect(rep.cellRatio).toBeCloseTo(1, 9);
    expect(rep.originOffsetCells![0]).toBeCloseTo(-67.553, 6);
    expect(rep.originOffsetCells![1]).toBeCloseTo(-87, 6);
    expect(rep.onLattice).toBe(false);
    expect(rep.coverage).toBeLessThan(0.25); // georeferenced, it overlaps a fifth of the study area
    expect(rep.deposits!.asPlaced.onLayer).toBeLessThan(5);
    expect(rep.deposits!.best).toMatchObject({ by: 'index', dRow: 1, dCol: 1, onLayer: 10 });
    expect(rep.deposits!.best.auc).toBeGreaterThan(0.99);
    expect(rep.warnings[0]).toMatch(/misaligned with the deposits: read by array index with study\(row, col\) = layer\(row \+ 1, col \+ 1\)/);

    // Read by index as the check proposes, the same layer on the study grid passes; moved a cell east, it fails again
    // and the check finds the move.
    const fixed = { spec: study, values: alignByIndex(labels, study, 1, 1) };
    const ok = checkAlignment(fixed, study, { deposits: xinjiangDeposits() });
    expect(ok.aligned).toBe(true);
    expect(ok.onLattice).toBe(true);
    expect(ok.deposits!.asPlaced.auc).toBeGreaterThan(0.99);
    expect(ok.warnings).toEqual([]);
    const east = checkAlignment({ spec: { ...study, xmin: study.xmin + study.cellX }, values: fixed.values }, study, { deposits: xinjiangDeposits() });
    expect(east.aligned).toBe(false);
    expect(east.deposits!.best).toMatchObject({ by: 'georef', dRow: 0, dCol: 1 });
    expect(east.warnings[0]).toMatch(/moved by 0 row\(s\) and 1 column\(s\)/);
    // As classes (0 and 1 codes), the same verdicts.
    const cat = checkAlignment(labels, study, { deposits: xinjiangDeposits(), categorical: true });
    expect(cat.aligned).toBe(false);
    expect(cat.deposits!.best).toMatchObject({ by: 'index', dRow: 1, dCol: 1 });
    expect(cat.deposits!.best.separation).toBeGreaterThan(0.99);
    expect(checkAlignment(fixed, study, { deposits: xinjiangDeposits(), categorical: true }).aligned).toBe(true);
  });

  it('reports xinjiang\'s chosen-negatives raster (the same 292 x 117 grid as geology_weights.tif, yet another origin) as off the deposits', async () => {
    // geology_weights.tif is not in the shared data; non_deposits.tif is its sibling. Its values (0 on ten chosen
    // negative cells) say nothing about the deposits, so no shift stands out, but as georeferenced only 2 of the 10
    // deposits fall on it: that alone keeps it from being used unnoticed.
    const study = (await readGeoTiff(path.join(XINJIANG, 'Geochemical_data/Au.tif'))).spec;
    const rep = checkAlignment(await layer(path.join(XINJIANG, 'label/non_deposits.tif')), study, { deposits: xinjiangDeposits(), categorical: true });
    expect(rep.aligned).toBe(false);
    expect(rep.originOffsetCells![0]).toBeCloseTo(-67.135, 3);
    expect(rep.warnings[0]).toBe('only 2 of 10 deposits fall on valid cells of the layer as georeferenced.');
    expect(rep.deposits!.best).toMatchObject({ by: 'index', dRow: 0, dCol: 0 }); // no shift named when none does better
  });

  it('passes every xinjiang geochemistry grid and Cloncurry\'s layers with their deposits (no false alarm)', async () => {
    const dir = path.join(XINJIANG, 'Geochemical_data');
    const study = (await readGeoTiff(path.join(dir, 'Au.tif'))).spec;
    const gains: number[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.tif'))) {
      const rep = checkAlignment(await layer(path.join(dir, f)), study, { deposits: xinjiangDeposits() });
      expect(rep.aligned, f).toBe(true);
      expect(rep.warnings, f).toEqual([]);
      gains.push(rep.deposits!.best.separation - rep.deposits!.asPlaced.separation);
    }
    // The threshold (0.2 of separation, |2 AUC - 1|) against the largest gain a one-cell shift gives an aligned layer.
    console.log('xinjiang geochemistry: largest separation gain of a one-cell shift', Math.max(...gains).toFixed(3), 'over', gains.length, 'grids');
    expect(Math.max(...gains)).toBeLessThan(0.2);
    const shp = readShapefilePoints(path.join(CLONCURRY, 'IOCG_Deposits.shp'));
    const deposits = { x: shp.points.map((p) => p.x), y: shp.points.map((p) => p.y) };
    for (const f of ['StratNo.tif', 'Dist2Breccia.tif', 'FaultDensity.tif']) {
      const l = await layer(path.join(CLONCURRY, f));
      const rep = checkAlignment(l, l.spec, { deposits, categorical: f !== 'Dist2Breccia.tif' });
      console.log(f, 'separation as placed', rep.deposits!.asPlaced.separation.toFixed(3), 'best shifted', rep.deposits!.best.separation.toFixed(3));
      expect(rep.aligned, f).toBe(true);
      expect(rep.coverage).toBe(1);
      expect(rep.deposits!.asPlaced.onLayer).toBe(258);
    }
  });
});
