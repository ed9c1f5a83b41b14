import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
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
  /** Attach to the calculator's `<form>`: inputs changed there before hydration are read from it. */
  formRef: RefObject<HTMLFormElement | null>;
  /** The `name` of a field's control (its URL parameter), which {@link editedBeforeHydration} reads back. */
  nameOf: (key: K) => string;
  /** The `name` of a row cell's control. */
  cellNameOf: (rowsKey: R, index: number, column: string) => string;
}

/** The name attribute of a row cell's input. */
export function cellName(prefix: string, rowsKey: string, index: number, column: string): string {
  return `${prefix}${rowsKey}.${index}.${column}`;
}

/** The current value of a named control of `form`: a text box's text, a select's or a radio group's choice. */
function controlValue(form: HTMLFormElement, name: string): string | null {
  const item = form.elements.namedItem(name);
  if (item === null) return null;
  if (item instanceof RadioNodeList) return item.value;
  if (item instanceof HTMLInputElement || item instanceof HTMLSelectElement || item instanceof HTMLTextAreaElement) return item.value;
  return null;
}

/**
 * What the person changed in the server-rendered form before the island hydrated: a radio
 * clicked or a number typed while the page's script was still loading. The browser applied it to
 * the form, but React hydrates from the state it rendered (`rendered`), so without this the
 * change would show yet count for nothing. Returns the state with those changes, or null when
 * there were none.
 */
export function editedBeforeHydration<K extends string, R extends string>(form: HTMLFormElement, spec: FormSpec<K, R>, rendered: FormState<K, R>, prefix = ''): FormState<K, R> | null {
  let changed = false;
  const values = { ...rendered.values } as Record<K, string>;
  for (const key of Object.keys(spec.fields) as K[]) {
    const now = controlValue(form, prefix + key);
    if (now !== null && now !== rendered.values[key]) {
      values[key] = now;
      changed = true;
    }
  }
  const rows = { ...rendered.rows } as Record<R, readonly Row[]>;
  for (const key of Object.keys(spec.rows) as R[]) {
    const next = rendered.rows[key].map((row, index) => {
      let edited = row;
      for (const column of spec.rows[key].columns) {
        const now = controlValue(form, cellName(prefix, key, index, column.key));
        if (now !== null && now !== (row[column.key] ?? '')) edited = { ...edited, [column.key]: now };
      }
      return edited;
    });
    if (next.some((row, index) => row !== rendered.rows[key][index])) {
      rows[key] = next;
      changed = true;
    }
  }
  return changed ? { values, rows } : null;
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
  const formRef = useRef<HTMLFormElement | null>(null);

  useEffect(() => {
    const result = readState(spec, new URLSearchParams(window.location.search), prefix, start);
    // Changes made before hydration win over the link: they are what the person did last.
    const typed = formRef.current ? editedBeforeHydration(formRef.current, spec, start, prefix) : null;
    if (typed) {
      edited.current = true;
      const base = result.state;
      const values = { ...base.values } as Record<K, string>;
      for (const key of Object.keys(spec.fields) as K[]) if (typed.values[key] !== start.values[key]) values[key] = typed.values[key];
      const rows = { ...base.rows } as Record<R, readonly Row[]>;
      for (const key of Object.keys(spec.rows) as R[]) if (typed.rows[key] !== start.rows[key]) rows[key] = typed.rows[key];
      setState({ values, rows });
    } else if (result.found) {
      setState(result.state);
    }
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

  const nameOf = useCallback((key: K) => prefix + key, [prefix]);
  const cellNameOf = useCallback((rowsKey: R, index: number, column: string) => cellName(prefix, rowsKey, index, column), [prefix]);

  return { state, setValue, setRows, assign, notice, dismissNotice, shareUrl, formRef, nameOf, cellNameOf };
}
