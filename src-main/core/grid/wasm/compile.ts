/**
 * A module compiled once per thread from its base64 binary (a .wasm.ts of this folder), on first use; null where this
 * engine cannot take it (no SIMD), so that the caller keeps its JavaScript path.
 */
export function compiledOnce(base64: string): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        compiled = new WebAssembly.Module(Buffer.from(base64, 'base64'));
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
