// QGIS layer styles (.qml, QGIS 3 schema) built from a few parameters: the document QGIS applies from a sidecar
// FILE.qml, from a GeoPackage's layer_styles table and inside a .qgs project.
export type Rgb = readonly [number, number, number];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rgba = (c: Rgb, a = 255) => `${c[0]},${c[1]},${c[2]},${a}`;
const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const props = (p: Record<string, string | number>) => Object.entries(p).map(([k, v]) => `<prop k="${k}" v="${esc(String(v))}"/>`).join('');

/** Probability ramp (ColorBrewer RdYlBu reversed): low blue, high red, so targets stand out. */
export const PROBABILITY_RAMP: Rgb[] = [[49, 54, 149], [116, 173, 209], [255, 255, 191], [244, 109, 67], [165, 0, 38]];
/** Uncertainty ramp (sequential purples): more uncertain, darker. */
export const UNCERTAINTY_RAMP: Rgb[] = [[252, 251, 253], [188, 189, 220], [117, 107, 177], [63, 0, 125]];
/** Element ramp (viridis-like), stretched between percentiles. */
export const ELEMENT_RAMP: Rgb[] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

function wrap(body: string, categories = 'AllStyleCategories'): string {
  return `<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version="3.22.0" styleCategories="${categories}">\n${body}\n</qgis>\n`;
}

/** The <pipe> of a single-band pseudocolour raster: a linear ramp from min to max, labelled at both ends. */
export function pseudocolorPipe(min: number, max: number, ramp: readonly Rgb[], opts: { cumulativeCut?: [number, number]; labels?: [string, string] } = {}): string {
  const items = ramp.map((c, i) => {
    const v = min + ((max - min) * i) / (ramp.length - 1);
    const label = i === 0 ? opts.labels?.[0] ?? fmt(v) : i === ramp.length - 1 ? opts.labels?.[1] ?? fmt(v) : fmt(v);
    return `<item alpha="255" value="${v}" label="${esc(label)}" color="${hex(c)}"/>`;
  }).join('');
  const limits = opts.cumulativeCut ? 'CumulativeCut' : 'None';
  const [lo, hi] = opts.cumulativeCut ?? [0.02, 0.98];
  return `<pipe><rasterrenderer type="singlebandpseudocolor" band="1" opacity="1" alphaBand="-1" classificationMin="${min}" classificationMax="${max}" nodataColor="">` +
    `<rasterTransparency/><minMaxOrigin><limits>${limits}</limits><extent>WholeRaster</extent><statAccuracy>Exact</statAccuracy>` +
    `<cumulativeCutLower>${lo}</cumulativeCutLower><cumulativeCutUpper>${hi}</cumulativeCutUpper><stdDevFactor>2</stdDevFactor></minMaxOrigin>` +
    `<rastershader><colorrampshader colorRampType="INTERPOLATED" classificationMode="1" clip="0" minimumValue="${min}" maximumValue="${max}" labelPrecision="3">` +
    `${items}</colorrampshader></rastershader></rasterrenderer>` +
    '<brightnesscontrast brightness="0" contrast="0" gamma="1"/><huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>' +
    '<rasterresampler maxOversampling="2"/></pipe><blendMode>0</blendMode>';
}

export function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

export function rasterQml(pipe: string): string {
  return wrap(pipe);
}

function markerSymbol(name: string, shape: string, size: number, fill: Rgb, outline: Rgb): string {
  return `<symbol type="marker" name="${name}" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleMarker" pass="0" locked="0" enabled="1">` +
    props({ name: shape, size, size_unit: 'MM', color: rgba(fill), outline_color: rgba(outline), outline_width: 0.2, outline_width_unit: 'MM', outline_style: 'solid', joinstyle: 'bevel', angle: 0, scale_method: 'diameter', vertical_anchor_point: 1, horizontal_anchor_point: 1 }) +
    '</layer></symbol>';
}

function fillSymbol(name: string, fill: Rgb | null, outline: Rgb, width: number, outlineExpression?: string): string {
  const dd = outlineExpression
    ? '<data_defined_properties><Option type="Map"><Option name="name" value="" type="QString"/><Option name="properties" type="Map">' +
      `<Option name="outlineColor" type="Map"><Option name="active" value="true" type="bool"/><Option name="expression" value="${esc(outlineExpression)}" type="QString"/><Option name="type" value="3" type="int"/></Option>` +
      '</Option><Option name="type" value="collection" type="QString"/></Option></data_defined_properties>'
    : '';
  return `<symbol type="fill" name="${name}" alpha="1" clip_to_extent="1" force_rhr="0"><layer class="SimpleFill" pass="0" locked="0" enabled="1">` +
    props({ color: fill ? rgba(fill, 200) : '0,0,0,0', style: fill ? 'solid' : 'no', outline_color: rgba(outline), outline_style: 'solid', outline_width: width, outline_width_unit: 'MM', joinstyle: 'miter' }) +
    `${dd}</layer></symbol>`;
}

/** One marker for every feature: deposits as stars, samples as small dots. */
export function pointQml(shape: 'star' | 'circle', size: number, fill: Rgb, outline: Rgb): string {
  return wrap(`<renderer-v2 type="singleSymbol" symbollevels="0" enableorderby="0" forceraster="0"><symbols>${markerSymbol('0', shape, size, fill, outline)}</symbols></renderer-v2>`);
}

/**
 * Polygons graduated by a numeric field in equal classes from 0 to 1 (the colour of the probability ramp), and
 * optionally outlined by an expression (a colour per class of target).
 */
export function graduatedQml(field: string, breaks: number[], outline: { expression?: string; color: Rgb; width: number }, labels?: string[]): string {
  const ranges: string[] = [], symbols: string[] = [];
  for (let i = 0; i + 1 < breaks.length; i++) {
    const t = breaks.length > 2 ? i / (breaks.length - 2) : 1;
    const c = rampAt(PROBABILITY_RAMP, t);
    ranges.push(`<range lower="${breaks[i]}" upper="${breaks[i + 1]}" symbol="${i}" label="${esc(labels?.[i] ?? `${breaks[i]} - ${breaks[i + 1]}`)}" render="true"/>`);
    symbols.push(fillSymbol(String(i), c, outline.color, outline.width, outline.expression));
  }
  return wrap(`<renderer-v2 type="graduatedSymbol" attr="${esc(field)}" graduatedMethod="GraduatedColor" symbollevels="0" enableorderby="0" forceraster="0">` +
    `<ranges>${ranges.join('')}</ranges><symbols>${symbols.join('')}</symbols><mode name="fixed"/></renderer-v2>`);
}

/** Polygons categorized by a field's values, outlines only (training windows by class). */
export function categorizedOutlineQml(field: string, cats: { value: string | number; label: string; color: Rgb }[]): string {
  const c = cats.map((k, i) => `<category value="${esc(String(k.value))}" symbol="${i}" label="${esc(k.label)}" render="true"/>`).join('');
  const s = cats.map((k, i) => fillSymbol(String(i), null, k.color, 0.4)).join('');
  return wrap(`<renderer-v2 type="categorizedSymbol" attr="${esc(field)}" symbollevels="0" enableorderby="0" forceraster="0"><categories>${c}</categories><symbols>${s}</symbols></renderer-v2>`);
}

export function rampAt(ramp: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, t)) * (ramp.length - 1);
  const i = Math.min(ramp.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(ramp[i][k] + (ramp[i + 1][k] - ramp[i][k]) * f)) as unknown as Rgb;
}

/** The p-th and q-th quantiles of the finite values (a percentile stretch), by sorting a strided subsample. */
export function percentiles(values: ArrayLike<number>, lo: number, hi: number, nodata?: number): [number, number] {
  const step = Math.max(1, Math.floor(values.length / 200000));
  const v: number[] = [];
  for (let i = 0; i < values.length; i += step) {
    const x = values[i];
    if (Number.isFinite(x) && x !== nodata) v.push(x);
  }
  if (v.length === 0) return [0, 1];
  v.sort((a, b) => a - b);
  const at = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))];
  const a = at(lo), b = at(hi);
  return a < b ? [a, b] : [a, a + 1];
}

/** A paletted (unique values) raster: one colour and label per class value. */
export function palettedQml(classes: { value: number; label: string; color: Rgb }[]): string {
  const entries = classes.map((c) => `<paletteEntry value="${c.value}" color="${hex(c.color)}" alpha="255" label="${esc(c.label)}"/>`).join('');
  return wrap(`<pipe><rasterrenderer type="paletted" band="1" opacity="1" alphaBand="-1" nodataColor=""><rasterTransparency/>` +
    `<colorPalette>${entries}</colorPalette></rasterrenderer>` +
    '<brightnesscontrast brightness="0" contrast="0" gamma="1"/><huesaturation saturation="0" grayscaleMode="0" colorizeOn="0" colorizeRed="255" colorizeGreen="128" colorizeBlue="128" colorizeStrength="100"/>' +
    '<rasterresampler maxOversampling="2"/></pipe><blendMode>0</blendMode>');
}
