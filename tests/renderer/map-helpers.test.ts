// The map's pure helpers: scale-bar lengths, lon/lat interpolation from the core's lattice, class colouring, legends.
import { describe, expect, it } from 'vitest';
import { colorizeClasses } from '../../src-renderer/src/layers/colormap';
import { formatLonLat, lonLatAt } from '../../src-renderer/src/layers/lonlat';
import { describeValue, levelBounds, rasterLegend } from '../../src-renderer/src/layers/map-model';
import { sampleClassItems } from '../../src-renderer/src/layers/sample-symbols';
import { scaleBar } from '../../src-renderer/src/layers/scale';

describe('scale bar', () => {
  it('picks the longest 1-2-5 length that fits', () => {
    expect(scaleBar(10, 120)).toEqual({ px: 100, metres: 1000, label: '1 km' });
    expect(scaleBar(30, 120)).toMatchObject({ metres: 2000, label: '2 km' });
    expect(scaleBar(0.5, 120)).toMatchObject({ metres: 50, px: 100, label: '50 m' });
    expect(scaleBar(0).px).toBe(0);
  });
});

describe('lon/lat read-out', () => {
  const g = {
    crs: 'EPSG:32645', extent: { xmin: 0, ymin: 0, xmax: 100, ymax: 100 }, nx: 2, ny: 2,
    lon: Float64Array.from([80, 81, 80.2, 81.2]), lat: Float64Array.from([30, 30.1, 31, 31.1]),
  };
  it('interpolates bilinearly between the nodes and refuses points outside', () => {
    expect(lonLatAt(g, 0, 0)).toEqual([80, 30]);
    const [lon, lat] = lonLatAt(g, 50, 50)!;
    expect(lon).toBeCloseTo(80.6, 12);
    expect(lat).toBeCloseTo(30.55, 12);
    expect(lonLatAt(g, 101, 50)).toBeNull();
    expect(formatLonLat([-70.123456, -33.5])).toBe('33.50000°S 70.12346°W');
  });
});

describe('class maps and legends', () => {
  it('colours class codes and leaves unknown codes and NaN transparent', () => {
    const rgba = colorizeClasses([0, 3, NaN, 7], { 0: [1, 2, 3], 3: [200, 20, 30] });
    expect(Array.from(rgba)).toEqual([1, 2, 3, 255, 200, 20, 30, 255, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('names classes in the read-out and gives numbers their unit', () => {
    const level = { key: 'k', width: 1, height: 1, values: [1], range: [0, 3] as [number, number] };
    const classes = { id: 'c', label: 'classes', level, unit: 'class', classes: { colors: { 1: [1, 1, 1] as [number, number, number] }, labels: { 1: 'known' } } };
    expect(describeValue(classes, 1)).toBe('known');
    expect(rasterLegend(classes)).toEqual([{ kind: 'classes', items: [{ color: 'rgb(1,1,1)', label: 'known' }] }]);
    const ramp = { id: 'p', label: 'P', level, unit: 'ppm' };
    expect(describeValue(ramp, 0.1234)).toBe('0.123 ppm');
    expect(describeValue(ramp, NaN)).toBeNull();
  });

  it('lists sample classes from the highest down with their limits', () => {
    const items = sampleClassItems([25, 50, 75, 90, 95, 98], [1, 2, 3, 4, 5, 6], 'ppm');
    expect(items).toHaveLength(7);
    expect(items[0]!.label).toBe('≥ P98 (≥ 6 ppm)');
    expect(items[6]!.label).toBe('< P25 (< 1 ppm)');
    expect(items[1]!.label).toBe('P95–P98 (5–6 ppm)');
    expect(items[0]!.radius).toBeGreaterThan(items[6]!.radius);
    expect(sampleClassItems([], [], 'ppm')).toEqual([]);
  });

  it('places a downsampled level over the extent it covers', () => {
    const map = { xmin: 1000, ymax: 2000, cellX: 10, cellY: 10, width: 10, height: 5 };
    expect(levelBounds(map, undefined)).toEqual([0, 0, 100, 50]);
    // 10 x 5 cells shrunk by 3: 4 x 2 cells of 30 m, reaching past the grid's east and south edges.
    expect(levelBounds(map, { ...map, cellX: 30, cellY: 30, width: 4, height: 2 })).toEqual([0, -10, 120, 50]);
  });
});
