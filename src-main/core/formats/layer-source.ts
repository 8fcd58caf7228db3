// Samples from a GIS layer: a point layer of a GeoPackage or a point shapefile, read as the rows a CSV export of the
// layer would hold (X and Y from the geometry first, then every attribute as text), so the sample import treats it
// exactly as a table. Row numbers are the feature ids (fid) a GIS shows; the layer's CRS comes with it.
import path from 'node:path';
import { prjCrs, readShapefilePoints } from './shapefile';
import { describeLayers, pickLayer, readGpkgLayer } from './gpkg-layers';
import { ProspectError, throwIfAborted, type TaskOptions } from '../types';
import { cleanHeaders } from './header-row';
import type { TableDetected, TableHandler, TableReadOptions } from './table';

import { layerFormat, type LayerFormat } from './layer-format';

export { layerFormat, type LayerFormat } from './layer-format';

export interface LayerRows {
  layer: string;
  format: LayerFormat;
  /** 'EPSG:n' or a WKT definition, when the file states one. */
  crs?: string;
  headers: string[];
  rows: string[][];
  /** The fid (GeoPackage) or record number (shapefile) of each row. */
  rowNumbers: number[];
}

/** The layer `layer` of a GeoPackage or shapefile (a shapefile is one layer, named as its file) as table rows. */
export function readLayerRows(file: string, layer: string | undefined): LayerRows {
  const format = layerFormat(file);
  const single = (fid: number, pts: [number, number][], column: string) => {
    if (pts.length > 1) {
      throw new ProspectError(`${file}, row ${fid}, column '${column}': the feature is a multipoint of ${pts.length} points; ` +
        'each sample is one point (in QGIS: Vector > Geometry Tools > Multipart to Singleparts).', 'MULTIPOINT_SAMPLE',
      { file, row: fid, column });
    }
    return pts.length ? [String(pts[0][0]), String(pts[0][1])] : ['', ''];
  };
  if (format === 'geopackage') {
    const l = readGpkgLayer(file, layer);
    return {
      layer: l.name, format, crs: l.crs, headers: ['X', 'Y', ...l.fields],
      rows: l.features.map((f) => [...single(f.fid, f.points, l.geometryColumn), ...l.fields.map((k) => f.attributes[k])]),
      rowNumbers: l.features.map((f) => f.fid),
    };
  }
  if (format === 'shapefile') {
    const name = path.basename(file, path.extname(file));
    const shp = readShapefilePoints(file);
    pickLayer(file, [name], layer, () => describeLayers([{ name, geometryType: 'point', features: shp.points.length }]));
    const byRecord = new Map<number, [number, number][]>();
    for (const p of shp.points) byRecord.set(p.record, [...(byRecord.get(p.record) ?? []), [p.x, p.y]]);
    const records = [...byRecord.keys()];
    return {
      layer: name, format, crs: shp.prj ? prjCrs(shp.prj, []) : undefined, headers: ['X', 'Y', ...shp.fields],
      rows: records.map((r) => {
        const attrs = shp.points.find((p) => p.record === r)!.attributes;
        return [...single(r, byRecord.get(r)!, 'geometry'), ...shp.fields.map((k) => attrs[k] ?? '')];
      }),
      rowNumbers: records,
    };
  }
  throw new ProspectError(`${file}: --layer applies to GeoPackages (.gpkg) and shapefiles (.shp).`, 'BAD_ARGS', { file, row: 1, column: '--layer' });
}

/** streamTable's twin for layers: the same header and row callbacks, the layer named in what was detected. */
export function streamLayer(file: string, options: TableReadOptions, handler: TableHandler, opts: TaskOptions = {}): { detected: TableDetected; rowsRead: number } {
  throwIfAborted(opts.signal);
  const l = readLayerRows(file, options.layer);
  const detected: TableDetected = {
    format: 'csv', encoding: 'utf-8', bom: false, delimiter: ',', decimalComma: false, headerRow: 1, renamedHeaders: [],
    layer: { name: l.layer, format: l.format, ...(l.crs ? { crs: l.crs } : {}) },
  };
  handler.onHeader?.(cleanHeaders(l.headers, detected.renamedHeaders), detected);
  l.rows.forEach((cells, i) => handler.onRow(cells, l.rowNumbers[i]));
  opts.onProgress?.({ step: 'import', done: l.rows.length, total: l.rows.length, message: `read layer ${l.layer}` });
  return { detected, rowsRead: l.rows.length };
}
