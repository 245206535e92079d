import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';

/** Subscribes to a live RxDB query: lists refresh on every local write and every replicated change. */
export function useRxList<T>(make: () => Observable<T[]> | null, deps: unknown[]): T[] | null {
  const [rows, setRows] = useState<T[] | null>(null);
  useEffect(() => {
    const source = make();
    if (!source) return undefined;
    const subscription = source.subscribe(setRows);
    return () => subscription.unsubscribe();
  }, deps);
  return rows;
}
