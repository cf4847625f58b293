// The manifest editor: CodeMirror 6 with YAML highlighting, kept as a controlled text value. Apply sends the
// text as stdin of `kubectl apply -f -` (through the terminal, so the command and its output show there too).
import { yaml } from '@codemirror/lang-yaml';
import { EditorState } from '@codemirror/state';
import { basicSetup, EditorView } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface YamlEditorProps {
  value: string;
  onChange(value: string): void;
  /** Accessible name of the editing area. */
  label: string;
  /** Ctrl/Cmd-Enter applies. */
  onSubmit?(): void;
}

export function YamlEditor({ value, onChange, label, onSubmit }: YamlEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSubmit });
  callbacks.current = { onChange, onSubmit };

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const editor = new EditorView({
      parent,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          EditorState.tabSize.of(2),
          EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'yaml-editor' }),
          EditorView.domEventHandlers({
            keydown(event) {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                callbacks.current.onSubmit?.();
                return true;
              }
              return false;
            },
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once; later `value` changes from outside are applied below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className="yaml-editor" />;
}
