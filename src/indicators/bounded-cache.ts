/** Adds to a small in-process cache, forgetting the oldest entry when it is full. */
export function remember<V>(cache: Map<string, V>, key: string, value: V, size: number): void {
  if (cache.size >= size) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}
