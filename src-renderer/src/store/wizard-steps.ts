// The wizard's screens in order: a module of its own, importing nothing, so plain-Node tests can read it.
export const STEPS = ['project', 'samples', 'deposits', 'grids', 'elements', 'dataset', 'train', 'evaluate', 'targets', 'export'] as const;
export type WizardStep = (typeof STEPS)[number];
