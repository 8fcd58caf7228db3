// The wizard's state, one small store per concern (no Pinia: module-level reactive objects are enough for one
// window): the session and project, the imports, the grids, the selection, the training, the stored results, the
// settings and the map's read-out. Caches are cleared by the pipeline's step order (invalidate.ts), not by hand.
export { STEPS, session, choosePath, loadAppInfo, missingFor, refreshSummary, stepDone, type WizardStep } from './session';
export { createDemoProject, createProject, openProject } from './project';
export { imports, importFile, inspectFile, loadElementDistribution, loadPoints, loadPreview, loadSampleClasses, pointsSpec, type ImportChoices } from './imports';
export { grids, levels, loadLevel } from './grids';
export { selection, loadSelection } from './selection';
export { training, loadWindows, type TrainPoint } from './training';
export { results, loadMapLevel, loadRun, loadTargets, loadTiles } from './results';
export { settings, loadDefaults, restoreSettings, setSetting } from './settings';
export { loadGeo } from './map-view';
export { runStep, cancelJob } from './steps';
export { rerun, answerRerun, replacedBy, replacedScreens } from './rerun';
