import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client';
import { announce } from '../../components/LiveRegion';
import type { AuditEvent, AuditPage } from './values';

export const pageSize = 50;

/**
 * A history read page by page, newest first: `loadOlder` appends the next page (events before the
 * oldest shown) and moves focus to the first of them, so a keyboard user continues reading there.
 * `first` is a page already loaded by the route's loader; without it the first page is fetched on
 * the first `loadOlder` (a history section loaded on demand).
 */
export function useEventPages(path: string, first: AuditPage | null) {
  const { t } = useTranslation('history');
  const [events, setEvents] = useState<AuditEvent[]>(first?.items ?? []);
  const [total, setTotal] = useState(first?.total ?? 0);
  const [nextBefore, setNextBefore] = useState<number | null>(first?.nextBefore ?? null);
  const [loaded, setLoaded] = useState(first !== null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [firstNewIndex, setFirstNewIndex] = useState<number | undefined>(undefined);
  const requested = useRef(false);

  // A new first page (the loader ran again after a change) starts the list over.
  useEffect(() => {
    if (!first) return;
    setEvents(first.items);
    setTotal(first.total);
    setNextBefore(first.nextBefore);
    setLoaded(true);
    setFirstNewIndex(undefined);
  }, [first]);

  const load = useCallback(
    async (older: boolean) => {
      if (requested.current) return;
      requested.current = true;
      setBusy(true);
      setError(null);
      try {
        const page = await api<AuditPage>(`${path}${query({ before: older ? nextBefore : undefined, limit: pageSize })}`);
        if (older) {
          setFirstNewIndex(events.length);
          setEvents((shown) => [...shown, ...page.items.filter((e) => !shown.some((s) => s.id === e.id))]);
          announce(t('loadedOlder', { count: page.items.length }));
        } else {
          setEvents(page.items);
          setFirstNewIndex(undefined);
        }
        setTotal(page.total);
        setNextBefore(page.nextBefore);
        setLoaded(true);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        requested.current = false;
        setBusy(false);
      }
    },
    [path, nextBefore, events.length, t],
  );

  useEffect(() => {
    if (firstNewIndex === undefined) return;
    document.getElementById(`event-${events[firstNewIndex]?.seq}`)?.focus();
  }, [firstNewIndex, events]);

  return { events, total, nextBefore, loaded, busy, error, firstNewIndex, loadFirst: () => load(false), loadOlder: () => load(true) };
}
