// The channel and event names the preload forwards, as runtime lists checked against the contract at compile time: a
// channel missing from a list, or a name the contract does not have, fails to compile. The preload refuses any other
// name, so a compromised page cannot reach an ipcMain handler that is not part of the contract.
import type { AllInvokes, Events } from './contract';

/** L when it names exactly the keys K (none missing, none extra); never otherwise, so an assignment fails to compile. */
export type Exactly<L extends readonly PropertyKey[], K extends PropertyKey> =
  [Exclude<K, L[number]>] extends [never] ? ([Exclude<L[number], K>] extends [never] ? L : never) : never;

const INVOKES = [
  'project.create', 'project.open', 'project.summary', 'demo.generate', 'import.samples', 'import.deposits', 'import.grids',
  'data.inspectTable', 'data.crsList', 'step.run', 'job.cancel', 'data.samples', 'data.points', 'data.gridLevel',
  'data.selection', 'data.roc', 'data.windows', 'data.tiles', 'data.targets', 'data.map', 'data.geo', 'data.sampleClasses',
  'data.elementDistribution', 'data.run', 'data.basemap', 'data.basemapFile', 'config.defaults',
  'app.info', 'dialog.openProject', 'dialog.saveProject', 'dialog.chooseFile', 'recent.add', 'fs.list',
] as const;
const EVENTS = ['job.progress', 'job.done'] as const;

export const INVOKE_CHANNELS: Exactly<typeof INVOKES, keyof AllInvokes> = INVOKES;
export const EVENT_NAMES: Exactly<typeof EVENTS, keyof Events> = EVENTS;

export function isInvokeChannel(name: unknown): name is keyof AllInvokes {
  return typeof name === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(name);
}
export function isEventName(name: unknown): name is keyof Events {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
