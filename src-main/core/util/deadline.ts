/**
 * The promise's value, or `answered: false` once `ms` pass first (the promise itself is left running: callers make
 * sure a late answer does no harm). For starts that a broken driver or a worker that never reports in could leave
 * pending for ever.
 */
export async function answerWithin<T>(promise: Promise<T>, ms: number): Promise<{ answered: true; value: T } | { answered: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ answered: false }>((res) => { timer = setTimeout(() => res({ answered: false }), ms); });
  try {
    return await Promise.race([promise.then((value) => ({ answered: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
