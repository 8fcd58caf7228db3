// The target-area classes look the same everywhere: the screen's legend and layers, the class GeoTIFF's colour table
// and the QGIS style of the target-area layer all take their colours from the vocabulary's one table.
import { describe, expect, it } from 'vitest';
import { targetAreasQml } from '../../src-main/core/gis/layer-styles';
import { AREA_CLASSES } from '../../src-main/core/app/steps/export-step';
import { TARGET_CLASSES, TARGET_CLASS_CODES } from '../../src-main/core/vocabulary';
import { AREA_CLASS_CODES, AREA_CLASS_COLORS } from '../../src-renderer/src/layers/map-legend';

describe('target-area class colours', () => {
  it('are the screen\'s, in the GeoTIFF colour table and the QGIS style alike', () => {
    for (const c of TARGET_CLASSES) {
      expect(AREA_CLASS_CODES[c.class]).toBe(c.code);
      expect(TARGET_CLASS_CODES[c.class]).toBe(c.code);
      expect(AREA_CLASS_COLORS[c.code]).toEqual([...c.color]);
      expect(AREA_CLASSES.find((a) => a.value === c.code)?.color).toEqual(c.color);
    }
    const qml = targetAreasQml('en');
    const rules = [...qml.matchAll(/WHEN &quot;class&quot; = '(\w+)' THEN color_rgb\((\d+),(\d+),(\d+)\)|WHEN "class" = '(\w+)' THEN color_rgb\((\d+),(\d+),(\d+)\)/g)]
      .map((m) => ({ cls: m[1] ?? m[5], rgb: (m[1] ? m.slice(2, 5) : m.slice(6, 9)).map(Number) }));
    // The outline expression is repeated on every score range; each copy names every class in its colour.
    expect(rules.length).toBeGreaterThan(0);
    const distinct = [...new Set(rules.map((r) => JSON.stringify(r)))].map((r) => JSON.parse(r) as { cls: string; rgb: number[] });
    expect(distinct).toEqual(TARGET_CLASSES.map((c) => ({ cls: c.class, rgb: [...c.color] })));
  });
});
