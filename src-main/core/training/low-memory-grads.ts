import * as tf from '@tensorflow/tfjs';

/*
 * tf.variableGrads keeps every forward activation saved for the backward pass and every intermediate gradient
 * alive until the whole backward pass ends (tfjs-core 4.22 tape.ts never disposes a node's dy, and the engine frees
 * node.saved only at the very end). The peak of a training step is then all activations + all their gradients:
 * ResNet-50 at 224 px micro-batch 4 crossed the 4 GiB wasm heap there ("RuntimeError: Aborted()").
 *
 * The backward pass visits tape nodes strictly in reverse; a node's output gradients (dys) and saved tensors are used
 * by that node's gradient function only. So when node i's gradient is requested, node i+1 is finished and its dys
 * and saved tensors can go. Only disposal timing changes: the arithmetic, hence the result, is identical.
 */

interface TapeNodeLike {
  saved?: tf.Tensor[];
  gradient?: (dys: (tf.Tensor | null)[]) => Record<string, () => tf.Tensor>;
}

interface EngineLike {
  state: { activeTape: TapeNodeLike[] | null };
}

/** Wraps the gradient functions of the tape nodes recorded from index `from` on so that they free memory early. */
function patchTape(from: number): void {
  const tape = (tf.engine() as unknown as EngineLike).state.activeTape;
  if (!tape) return;
  let pending: { dys: (tf.Tensor | null)[]; saved: tf.Tensor[] } | null = null;
  const release = () => {
    if (!pending) return;
    for (const t of pending.dys) if (t && !t.isDisposed) t.dispose();
    for (const t of pending.saved) if (!t.isDisposed) t.dispose();
    pending = null;
  };
  for (let i = from; i < tape.length; i++) {
    const node = tape[i];
    const original = node.gradient;
    if (!original) continue;
    const saved = node.saved ?? [];
    node.gradient = (dys) => {
      release();
      const thunks = original(dys);
      const returned: tf.Tensor[] = [];
      const wrapped: Record<string, () => tf.Tensor> = {};
      for (const name of Object.keys(thunks)) {
        wrapped[name] = () => {
          let r = thunks[name]();
          // A gradient that is a dy, a saved tensor or another input's gradient must survive their disposal.
          if (dys.includes(r) || saved.includes(r) || returned.includes(r)) r = r.clone();
          returned.push(r);
          return r;
        };
      }
      pending = { dys: dys.slice(), saved };
      return wrapped;
    };
  }
}

/**
 * Same contract as tf.variableGrads(f, varList): the value of f and d f / d var for each variable, with a backward
 * pass that frees activations and intermediate gradients as soon as they are used.
 */
export function variableGradsLowMemory(f: () => tf.Scalar, varList: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
  return tf.variableGrads(() => {
    const engine = tf.engine() as unknown as EngineLike;
    const from = engine.state.activeTape?.length ?? 0;
    const y = f();
    patchTape(from);
    return y;
  }, varList);
}
