// The project file's schema. One SQLite file per study area; each step writes its outputs in one transaction.
// Migrations are append-only: a file written by an older version is upgraded in place when opened.
// Since the fourth migration the file is also a GeoPackage 1.3 (OGC 12-128r18): its header says so, and the
// GeoPackage tables below hold the study area as layers that GDAL and QGIS open (built by app/gis-layers.ts).

/** 'GPKG' as the SQLite header's application_id, and GeoPackage 1.3.0 as its user_version. */
export const GPKG_APPLICATION_ID = 0x47504b47;
export const GPKG_USER_VERSION = 10300;
/** The meta key holding the number of migrations applied (user_version belongs to the GeoPackage). */
export const SCHEMA_VERSION_KEY = 'schema_version';

export const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file TEXT NOT NULL, options TEXT NOT NULL, report TEXT NOT NULL,
    created_at TEXT NOT NULL);
  CREATE TABLE samples (
    id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row_no INTEGER NOT NULL, sample_id TEXT, x REAL, y REAL, lon REAL, lat REAL, status TEXT NOT NULL);
  CREATE INDEX samples_import ON samples(import_id);
  CREATE TABLE sample_values (
    sample_id INTEGER NOT NULL REFERENCES samples(id) ON DELETE CASCADE, element TEXT NOT NULL, value REAL,
    raw TEXT, flag TEXT NOT NULL, unit TEXT, PRIMARY KEY (sample_id, element)) WITHOUT ROWID;
  CREATE TABLE deposits (
    id INTEGER PRIMARY KEY, import_id INTEGER REFERENCES imports(id) ON DELETE CASCADE, ext_id TEXT, name TEXT,
    x REAL NOT NULL, y REAL NOT NULL, attrs TEXT);
  CREATE TABLE grids (
    element TEXT PRIMARY KEY, source TEXT NOT NULL, spec TEXT NOT NULL, params TEXT NOT NULL, raw BLOB NOT NULL,
    transform TEXT NOT NULL, run_id INTEGER);
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY, step TEXT NOT NULL, params TEXT NOT NULL, seed INTEGER, status TEXT NOT NULL,
    metrics TEXT, backend TEXT, started_at TEXT NOT NULL, finished_at TEXT, parent_id INTEGER);
  CREATE TABLE selection (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, element TEXT NOT NULL, auc REAL, se REAL,
    zauc REAL, p REAL, ci_lo REAL, ci_hi REAL, selected INTEGER NOT NULL, direction TEXT, extra TEXT,
    PRIMARY KEY (run_id, element));
  CREATE TABLE windows (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, idx INTEGER NOT NULL, row INTEGER NOT NULL,
    col INTEGER NOT NULL, size INTEGER NOT NULL, label INTEGER NOT NULL, kind TEXT, deposit_id TEXT, fold INTEGER,
    PRIMARY KEY (run_id, idx));
  CREATE TABLE models (
    id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE, arch TEXT NOT NULL,
    elements TEXT NOT NULL, window_size INTEGER NOT NULL, input_size INTEGER NOT NULL, model_json TEXT NOT NULL,
    weights BLOB NOT NULL, zparams TEXT NOT NULL, history TEXT, backend TEXT, created_at TEXT NOT NULL);
  CREATE TABLE checkpoints (
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, epoch INTEGER NOT NULL, data BLOB NOT NULL,
    updated_at TEXT NOT NULL);
  CREATE TABLE predictions (
    id INTEGER PRIMARY KEY, run_id INTEGER REFERENCES runs(id) ON DELETE CASCADE, model_id INTEGER, kind TEXT NOT NULL,
    spec TEXT, tiles TEXT, prob BLOB, metrics TEXT, created_at TEXT NOT NULL);
  CREATE TABLE exports (
    id INTEGER PRIMARY KEY, run_id INTEGER, kind TEXT NOT NULL, path TEXT NOT NULL, created_at TEXT NOT NULL);
  `,
  // The configuration a run was made with, so `run` can tell which steps a changed configuration makes stale.
  `ALTER TABLE runs ADD COLUMN config_key TEXT;`,
  // Data quality at import: each sample's campaign, and per import and element the coverage and censoring counts the
  // grid step's gate reads. Older files have neither; their quality is recomputed from the stored cell flags.
  `
  ALTER TABLE samples ADD COLUMN campaign TEXT;
  CREATE TABLE element_quality (
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE, element TEXT NOT NULL,
    samples INTEGER NOT NULL, measured INTEGER NOT NULL, censored INTEGER NOT NULL, zeros INTEGER NOT NULL,
    zeros_censored INTEGER NOT NULL, sentinel INTEGER NOT NULL, missing INTEGER NOT NULL,
    detection_limits TEXT NOT NULL, campaign_steps TEXT NOT NULL, PRIMARY KEY (import_id, element));
  `,
  // The GeoPackage core (spatial_ref_sys with its three required rows, contents, geometry columns, tile matrices,
  // extensions), the 2D gridded coverage tables, QGIS's layer_styles, and which store state each layer was built from.
  `
  CREATE TABLE gpkg_spatial_ref_sys (
    srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
  INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326,
     'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
  CREATE TABLE gpkg_contents (
    table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE,
    max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
  CREATE TABLE gpkg_geometry_columns (
    table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
    z TINYINT NOT NULL, m TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
  CREATE TABLE gpkg_tile_matrix_set (
    table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL,
    max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL,
    CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
    CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
  CREATE TABLE gpkg_tile_matrix (
    table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL,
    matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL,
    pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL,
    CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level),
    CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
  CREATE TABLE gpkg_extensions (
    table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
    CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
  CREATE TABLE gpkg_2d_gridded_coverage_ancillary (
    id INTEGER PRIMARY KEY AUTOINCREMENT, tile_matrix_set_name TEXT NOT NULL UNIQUE,
    datatype TEXT NOT NULL DEFAULT 'integer', scale REAL NOT NULL DEFAULT 1.0, offset REAL NOT NULL DEFAULT 0.0,
    precision REAL DEFAULT 1.0, data_null REAL, grid_cell_encoding TEXT DEFAULT 'grid-value-is-center', uom TEXT,
    field_name TEXT DEFAULT 'Height', quantity_definition TEXT DEFAULT 'Height',
    CONSTRAINT fk_g2dgtct_name FOREIGN KEY(tile_matrix_set_name) REFERENCES gpkg_tile_matrix_set (table_name),
    CHECK (datatype in ('integer','float')));
  CREATE TABLE gpkg_2d_gridded_tile_ancillary (
    id INTEGER PRIMARY KEY AUTOINCREMENT, tpudt_name TEXT NOT NULL, tpudt_id INTEGER NOT NULL,
    scale REAL NOT NULL DEFAULT 1.0, offset REAL NOT NULL DEFAULT 0.0, min REAL DEFAULT NULL, max REAL DEFAULT NULL,
    mean REAL DEFAULT NULL, std_dev REAL DEFAULT NULL,
    CONSTRAINT fk_g2dgtat_name FOREIGN KEY (tpudt_name) REFERENCES gpkg_contents(table_name),
    UNIQUE (tpudt_name, tpudt_id));
  INSERT INTO gpkg_extensions VALUES
    ('gpkg_2d_gridded_coverage_ancillary', NULL, 'gpkg_2d_gridded_coverage', 'http://docs.opengeospatial.org/is/17-066r1/17-066r1.html', 'read-write'),
    ('gpkg_2d_gridded_tile_ancillary', NULL, 'gpkg_2d_gridded_coverage', 'http://docs.opengeospatial.org/is/17-066r1/17-066r1.html', 'read-write');
  CREATE TABLE layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256), f_table_name TEXT(256),
    f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN,
    description TEXT, owner TEXT(30), ui TEXT(30), update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
  -- Registered as attributes, as QGIS does itself: QGIS finds layer_styles only as a layer GDAL lists, and with an
  -- attributes table in gpkg_contents GDAL lists only registered tables, so the store's own tables stay out of view.
  INSERT INTO gpkg_contents(table_name, data_type, identifier, description) VALUES
    ('layer_styles', 'attributes', 'layer_styles', 'QGIS styles of the layers, the default one applied on load');
  CREATE TABLE gis_layer_sources (layer TEXT PRIMARY KEY, source TEXT NOT NULL);
  `,
];
