// The numbers of the TIFF 6.0 and GeoTIFF 1.0 formats that our writer and reader use, by name, in one place.

/** Bytes of the classic TIFF header ('II', 42, offset of the first IFD) and of one IFD entry. */
export const TIFF_HEADER_BYTES = 8;
export const TIFF_MAGIC = 42;
export const IFD_ENTRY_BYTES = 12;

/** IFD field types. */
export const FieldType = { ASCII: 2, SHORT: 3, LONG: 4, DOUBLE: 12 } as const;

/** Baseline and extension tags (TIFF 6.0), the GeoTIFF tags, and GDAL's two private tags. */
export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  PhotometricInterpretation: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  Predictor: 317,
  ColorMap: 320,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  GeoKeyDirectory: 34735,
  GdalMetadata: 42112,
  GdalNodata: 42113,
} as const;

export const Compression = { None: 1, AdobeDeflate: 8 } as const;
/** NewSubfileType bit 0: a reduced-resolution version of the first image (an overview). */
export const SubfileType = { ReducedResolution: 1 } as const;
export const Photometric = { MinIsBlack: 1, Palette: 3 } as const;
export const PlanarConfiguration = { Contiguous: 1, Separate: 2 } as const;
export const Predictor = { None: 1, Horizontal: 2, FloatingPoint: 3 } as const;
export const SampleFormat = { UnsignedInt: 1, SignedInt: 2, IeeeFloat: 3 } as const;
export const ExtraSample = { Unspecified: 0 } as const;

/** GeoKeyDirectory header: KeyDirectoryVersion, KeyRevision, MinorRevision. */
export const GEOKEY_DIRECTORY_VERSION = [1, 1, 0] as const;
/** TIFFTagLocation 0: the key's value is stored in the directory itself. */
export const GEOKEY_INLINE = 0;
/** The value GeoKeys use for a user-defined (non-EPSG) definition. */
export const GEOKEY_USER_DEFINED = 32767;

export const GeoKey = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GeographicType: 2048,
  ProjectedCSType: 3072,
} as const;

export const ModelType = { Projected: 1, Geographic: 2 } as const;
export const RasterType = { PixelIsArea: 1 } as const;
