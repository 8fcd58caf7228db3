// The project file's schema. One SQLite file per study area; each step writes its outputs in one transaction.
// Migrations are append-only: a file written by an older version is upgraded in place when opened.

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
];
