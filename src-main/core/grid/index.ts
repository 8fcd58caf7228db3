// Public surface of the grid module.
export * from './spec';
export { idwGrid, buildGroups, gdalGridAlgorithm, type IdwParams, type IdwOptions } from './idw';
export { encodeGeoTiff, writeGeoTiff, type GeoTiffWriteOptions, type RasterBand } from './geotiff-write';
export { readGeoTiff, readGridStack, elementFromFileName, epsgFromGeoKeys, type ReadGrid } from './geotiff-read';
export * from './transform';
