import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef, useState } from 'react';

/** Token colours come from CSS variables, so the editor follows the site's light and dark themes. */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.modifier, tags.operatorKeyword], color: 'var(--code-keyword)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--code-number)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.className, tags.namespace], color: 'var(--code-type)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: 'var(--code-function)' },
]);

const theme = EditorView.theme({
  '&': { backgroundColor: 'var(--bg-raised)', color: 'var(--text)', fontSize: '0.9rem', height: '100%' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-sunken)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { overflow: 'auto' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--selection)' },
});

export interface CodeEditorProps {
  /** The text; when it changes from outside (reset, file switch), the editor follows. */
  value: string;
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun?: () => void;
  /** Accessible name of the editing area. */
  label: string;
  readOnly?: boolean;
  /** id of an element describing the editor (keyboard help). */
  describedBy?: string;
  /** Soft wrap: long lines continue on the next screen line instead of running off to the right. */
  wrap?: boolean;
}

/** CodeMirror 6 with TypeScript highlighting; before it mounts (and without JavaScript) the code shows as text. */
export function CodeEditor({ value, onChange, onRun, label, readOnly = false, describedBy, wrap = false }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const [wrapping] = useState(() => new Compartment());
  const wrapNow = useRef(wrap);
  wrapNow.current = wrap;
  const [mounted, setMounted] = useState(false);
  const handlers = useRef({ onChange, onRun });
  handlers.current = { onChange, onRun };

  useEffect(() => {
    if (!host.current) return;
    const extensions: Extension[] = [
      lineNumbers(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      syntaxHighlighting(highlight),
      javascript({ typescript: true }),
      theme,
      wrapping.of(wrapNow.current ? EditorView.lineWrapping : []),
      EditorState.tabSize.of(2),
      // tabindex keeps a read-only editor reachable by keyboard, so its scroll area can be scrolled.
      EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0', ...(describedBy ? { 'aria-describedby': describedBy } : {}) }),
      keymap.of([
        { key: 'Mod-Enter', run: () => (handlers.current.onRun?.(), true) },
        ...defaultKeymap,
        ...historyKeymap,
        indentWithTab,
      ]),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) handlers.current.onChange?.(update.state.doc.toString());
      }),
    ];
    if (readOnly) extensions.push(EditorState.readOnly.of(true), EditorView.editable.of(false));
    const editor = new EditorView({ state: EditorState.create({ doc: value, extensions }), parent: host.current });
    view.current = editor;
    setMounted(true);
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once per label/readOnly; later value changes are applied by the effect below.
  }, [label, readOnly]);

  useEffect(() => {
    view.current?.dispatch({ effects: wrapping.reconfigure(wrap ? EditorView.lineWrapping : []) });
  }, [wrap]);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div className="code-editor" data-ready={mounted ? 'true' : undefined} data-wrap={wrap ? 'true' : 'false'}>
      <div className="code-editor-host" ref={host} />
      {!mounted && (
        <pre className="code-editor-fallback" aria-label={label}>
          <code>{value}</code>
        </pre>
      )}
    </div>
  );
}
