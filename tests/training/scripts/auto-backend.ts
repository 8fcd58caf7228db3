// Prints the automatic backend choice of a fresh process as one JSON line: the backend and why others were skipped.
import { selectBackend } from '../../../src-main/core/training/backend';

const b = await selectBackend('auto');
console.log(JSON.stringify({ name: b.name, reasons: b.reasons, dawnLoaded: 'gpu' in ((globalThis as { navigator?: object }).navigator ?? {}) }));
