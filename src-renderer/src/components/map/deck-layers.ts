// deck.gl layers from the map's content. Everything is drawn in a local frame with its origin at the grid's
// south-west corner (metre-sized northings lose precision in float32 shaders).
import type { Layer } from '@deck.gl/core';
import { BitmapLayer, PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { SampleClasses, TargetClass } from '../../../../src-preload/contract';
import { colorAt, type Rgb } from '../../layers/colormap';
import type { ContourLine } from '../../layers/contours';
import { depositData, frameOf, pointData, tileData, windowData, type GridSpec, type TileDatum, type WindowDatum, type WindowInput } from '../../layers/geometry';
import { AREA_CLASS_CODES, AREA_CLASS_COLORS } from '../../layers/map-legend';
import { levelBounds, type RasterLayer } from '../../layers/map-model';
import { NO_VALUE_COLOR, SAMPLE_CLASS_COLORS, SAMPLE_CLASS_RADII } from '../../layers/sample-symbols';

export interface AreaInput {
  id: number;
  class: TargetClass;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}
interface AreaDatum { id: number; class: TargetClass; rings: [number, number][][] }

/** What a map can draw over its raster: the one list of overlays, shared by MapView's props and the layer builder. */
export interface MapOverlays {
  samples?: { x: ArrayLike<number>; y: ArrayLike<number> } | null;
  sampleClasses?: SampleClasses | null;
  deposits?: { id: string; name?: string; x: number; y: number }[];
  tiles?: boolean;
  tileValues?: ArrayLike<number> | null;
  highlightTiles?: number[];
  windows?: WindowInput[] | null;
  windowColorBy?: 'label' | 'fold';
  areas?: AreaInput[];
  highlightArea?: number | null;
}

export interface MapContent extends MapOverlays {
  spec: GridSpec;
  raster: RasterLayer | null;
  image: ImageBitmap | null;
  /** Contours of the shown raster, in projected metres, and whether to label them. */
  contours?: { lines: ContourLine[]; labels: boolean; format: (v: number) => string } | null;
  /** The basemap's pictures, each with its corners (south-west, north-west, north-east, south-east) in the project's CRS. */
  basemap?: { pieces: { image: ImageBitmap; quad: [number, number][] }[] } | null;
}

interface ContourDatum { value: number; path: [number, number][] }

export interface Visibility { shown: Record<string, boolean>; opacity: Record<string, number> }

const alpha = (c: Rgb, a: number): [number, number, number, number] => [c[0], c[1], c[2], a];

function areaData(spec: GridSpec, areas: AreaInput[]): AreaDatum[] {
  const f = frameOf(spec);
  const local = (ring: number[][]) => ring.map(([x, y]) => [x! - f.x0, y! - f.y0] as [number, number]);
  return areas.flatMap((a) => (a.geometry.type === 'Polygon' ? [a.geometry.coordinates] : a.geometry.coordinates)
    .map((poly) => ({ id: a.id, class: a.class, rings: poly.map(local) })));
}

export function deckLayers(m: MapContent, v: Visibility, onTile: (n: number) => void, onArea: (id: number) => void): Layer[] {
  const frame = frameOf(m.spec);
  const on = (id: string) => v.shown[id] !== false;
  const op = (id: string) => v.opacity[id] ?? 1;
  const out: Layer[] = [];
  if (m.basemap && on('basemap')) {
    m.basemap.pieces.forEach((p, i) => {
      const [sw, nw, ne, se] = p.quad.map(([x, y]) => [x - frame.x0, y - frame.y0] as [number, number]);
      out.push(new BitmapLayer({ id: `basemap-${i}`, image: p.image, bounds: [sw!, nw!, ne!, se!], opacity: op('basemap'), pickable: false }));
    });
  }
  if (m.raster && m.image && on(m.raster.id)) {
    out.push(new BitmapLayer({
      id: `raster-${m.raster.id}`, image: m.image, bounds: levelBounds(m.spec, m.raster.spec), opacity: op(m.raster.id), pickable: false,
      // Cells drawn as cells: a smoothed class or tile map would show values no cell has.
      textureParameters: { minFilter: 'nearest', magFilter: 'nearest' },
    }));
  }
  if (m.contours?.lines.length && on('contours')) {
    const data: ContourDatum[] = m.contours.lines.map((l) => ({ value: l.value, path: l.path.map(([x, y]) => [x - frame.x0, y - frame.y0] as [number, number]) }));
    out.push(new PathLayer<ContourDatum>({
      id: 'contours', data, getPath: (d) => d.path, getColor: [255, 255, 255, 230], getWidth: 1.3, widthUnits: 'pixels',
      opacity: op('contours'), pickable: false,
    }));
    if (m.contours.labels) {
      // One label per line, at its middle vertex; lines of a few vertices are too short to carry one.
      const fmt = m.contours.format;
      const labels = data.filter((d) => d.path.length >= 24).map((d) => ({ text: fmt(d.value), position: d.path[Math.floor(d.path.length / 2)]! }));
      out.push(new TextLayer<{ text: string; position: [number, number] }>({
        id: 'contour-labels', data: labels, getPosition: (d) => d.position, getText: (d) => d.text, getSize: 11,
        getColor: [255, 255, 255, 255], outlineWidth: 2, outlineColor: [0, 0, 0, 230], fontSettings: { sdf: true },
        characterSet: '0123456789.-+e', opacity: op('contours'),
      }));
    }
  }
  if (m.tiles && on('tiles')) {
    const tiles = tileData(frame, 12, m.tileValues ?? undefined);
    const hi = new Set(m.highlightTiles ?? []);
    const fill = (d: TileDatum): [number, number, number, number] =>
      d.value !== undefined && Number.isFinite(d.value) ? alpha(colorAt('rdbu', d.value), 230) : [0, 0, 0, 0];
    out.push(
      new PolygonLayer<TileDatum>({
        id: 'tiles', data: tiles, filled: true, stroked: true, pickable: true, opacity: op('tiles'),
        getPolygon: (d) => d.polygon, getFillColor: fill,
        getLineColor: (d) => (hi.has(d.number) ? [255, 255, 255, 255] : [20, 24, 30, 200]),
        lineWidthUnits: 'pixels', getLineWidth: (d) => (hi.has(d.number) ? 2.5 : 1),
        updateTriggers: { getFillColor: [m.tileValues], getLineColor: [...hi].join(), getLineWidth: [...hi].join() },
        onClick: (info) => info.object && onTile((info.object as TileDatum).number),
      }),
      new TextLayer<TileDatum>({
        id: 'tile-numbers', data: tiles, getPosition: (d) => d.center, getText: (d) => String(d.number), opacity: op('tiles'),
        getSize: 11, getColor: [255, 255, 255, 230], outlineWidth: 2, outlineColor: [0, 0, 0, 220],
        fontSettings: { sdf: true }, characterSet: '0123456789',
      }),
    );
  }
  if (m.windows?.length && on('windows')) {
    out.push(new PolygonLayer<WindowDatum>({
      id: 'windows', data: windowData(m.spec, m.windows, m.windowColorBy), filled: false, stroked: true, opacity: op('windows'),
      getPolygon: (d) => d.polygon, getLineColor: (d) => d.color, lineWidthUnits: 'pixels', getLineWidth: 1,
      updateTriggers: { getLineColor: m.windowColorBy },
    }));
  }
  if (m.areas?.length && on('areas')) {
    const hi = m.highlightArea ?? null;
    out.push(new PolygonLayer<AreaDatum>({
      id: 'areas', data: areaData(m.spec, m.areas), filled: true, stroked: true, pickable: true, opacity: op('areas'),
      getPolygon: (d) => d.rings,
      getFillColor: (d) => alpha(AREA_CLASS_COLORS[AREA_CLASS_CODES[d.class]]!, d.id === hi ? 110 : 35),
      getLineColor: (d) => (d.id === hi ? [255, 255, 255, 255] : alpha(AREA_CLASS_COLORS[AREA_CLASS_CODES[d.class]]!, 255)),
      lineWidthUnits: 'pixels', getLineWidth: (d) => (d.id === hi ? 3 : 1.8),
      updateTriggers: { getFillColor: hi, getLineColor: hi, getLineWidth: hi },
      onClick: (info) => info.object && onArea((info.object as AreaDatum).id),
    }));
  }
  if (on('samples') && (m.sampleClasses || m.samples)) {
    const c = m.sampleClasses;
    const data = c ? pointData(frame, c.x, c.y, c.values) : pointData(frame, m.samples!.x, m.samples!.y);
    // Smallest classes first, so the anomalous samples are drawn on top.
    if (c) data.sort((a, b) => (c.classes[a.index] ?? 0) - (c.classes[b.index] ?? 0));
    const cls = (i: number) => (c ? c.classes[i]! : 0);
    out.push(new ScatterplotLayer({
      id: 'samples', data, getPosition: (d) => d.position, radiusUnits: 'pixels', opacity: op('samples'), pickable: !!c,
      getRadius: (d) => (c ? (cls(d.index) === 255 ? 1.4 : SAMPLE_CLASS_RADII[cls(d.index)]!) : 2),
      getFillColor: (d) => (c ? alpha(cls(d.index) === 255 ? NO_VALUE_COLOR : SAMPLE_CLASS_COLORS[cls(d.index)]!, 235) : [235, 240, 250, 230]),
      stroked: true, lineWidthUnits: 'pixels', getLineWidth: 0.7, getLineColor: [0, 0, 0, 220],
      updateTriggers: { getRadius: c?.element, getFillColor: c?.element },
    }));
  }
  if (m.deposits?.length && on('deposits')) {
    out.push(new ScatterplotLayer({
      id: 'deposits', data: depositData(frame, m.deposits), getPosition: (d) => d.position, radiusUnits: 'pixels', opacity: op('deposits'),
      // A white rim sets deposits apart from the samples' dark-rimmed class symbols.
      getRadius: 6, getFillColor: [255, 215, 0, 255], getLineColor: [255, 255, 255, 255], stroked: true,
      lineWidthUnits: 'pixels', getLineWidth: 2, pickable: true,
    }));
  }
  return out;
}
