/** Items read one at a time, each turned into another as it is read (a listing streamed as JSON). */
export function* map<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}
