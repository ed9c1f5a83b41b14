import { useCallback, useEffect, useRef, useState } from 'react';
import { defaultState, paramsFromObject, readState, rejectedNotice, writeState, type FormSpec, type FormState, type Row } from '../url-state';

/** How long typing must pause before the address bar is updated. */
const WRITE_DELAY_MS = 300;

/** Options of {@link useUrlForm}. */
export interface UrlFormOptions {
  /** Put before every parameter name, so two calculators on one page keep separate inputs. */
  prefix?: string | undefined;
  /** Starting inputs chosen by a lesson author, such as `{ rate: 120 }`; checked like a URL. */
  initial?: Readonly<Record<string, string | number>> | undefined;
}

/** What {@link useUrlForm} returns: the inputs, setters, the link notice and a share link. */
export interface UrlForm<K extends string, R extends string> {
  state: FormState<K, R>;
  setValue: (key: K, value: string) => void;
  setRows: (key: R, rows: readonly Row[]) => void;
  /** Replaces several inputs at once (a preset). */
  assign: (values: Partial<Record<K, string>>, rows?: Partial<Record<R, readonly Row[]>>) => void;
  /** Says which inputs of the opening link were unusable; `null` when all were fine. */
  notice: string | null;
  dismissNotice: () => void;
  /** The address of this page with the current inputs in its query. */
  shareUrl: () => string;
}

/**
 * Form state that starts from the defaults (so the server render and the first client render
 * agree), then takes any usable inputs from the page's query, and writes the inputs back to the
 * query with `history.replaceState` once typing pauses.
 */
export function useUrlForm<K extends string, R extends string = never>(spec: FormSpec<K, R>, options: UrlFormOptions = {}): UrlForm<K, R> {
  const prefix = options.prefix ?? '';
  const [start] = useState(() => readState(spec, paramsFromObject(options.initial), '', defaultState(spec)).state);
  const [state, setState] = useState<FormState<K, R>>(start);
  const [notice, setNotice] = useState<string | null>(null);
  const edited = useRef(false);
  const latest = useRef(state);
  latest.current = state;

  useEffect(() => {
    const result = readState(spec, new URLSearchParams(window.location.search), prefix, start);
    if (result.found) setState(result.state);
    setNotice(rejectedNotice(result.rejected));
  }, [spec, prefix, start]);

  useEffect(() => {
    if (!edited.current) return undefined;
    const timer = window.setTimeout(() => {
      const url = new URL(window.location.href);
      url.search = writeState(spec, state, url.searchParams, prefix).toString();
      window.history.replaceState(window.history.state, '', url);
    }, WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [spec, state, prefix]);

  const setValue = useCallback((key: K, value: string) => {
    edited.current = true;
    setState((previous) => ({ ...previous, values: { ...previous.values, [key]: value } }));
  }, []);
  const setRows = useCallback((key: R, rows: readonly Row[]) => {
    edited.current = true;
    setState((previous) => ({ ...previous, rows: { ...previous.rows, [key]: rows } }));
  }, []);
  const assign = useCallback((values: Partial<Record<K, string>>, rows: Partial<Record<R, readonly Row[]>> = {}) => {
    edited.current = true;
    setState((previous) => ({ values: { ...previous.values, ...values }, rows: { ...previous.rows, ...rows } }));
  }, []);
  const dismissNotice = useCallback(() => setNotice(null), []);
  const shareUrl = useCallback(() => {
    const url = new URL(window.location.href);
    url.search = writeState(spec, latest.current, url.searchParams, prefix).toString();
    return url.href;
  }, [spec, prefix]);

  return { state, setValue, setRows, assign, notice, dismissNotice, shareUrl };
}
