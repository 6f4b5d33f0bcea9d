// A number the user types: the field keeps exactly what is typed (an empty field, "0.", a half-typed
// "20") and only commits a value on Enter or when focus leaves, after checking it. A controlled
// <input type=number> that commits every keystroke cannot be retyped: clearing it snaps back to a
// default, so Backspace-then-8 gave 18 and select-all-then-16 gave 46. Inside a dialog (Modal), closing
// it settles the draft as leaving the field does (see fieldDrafts.ts).
import { useContext, useEffect, useId, useRef, useState } from 'react';
import { FieldDraftsContext } from './fieldDrafts';

export interface NumberFieldProps {
  label: string;
  value: number;
  /** Called with a valid value when the user commits one that differs from `value`. */
  onCommit: (value: number) => void;
  min?: number;
  max?: number;
  /** Whole numbers only (counts, tokens). */
  integer?: boolean;
  /** ArrowUp/ArrowDown step (default 1). */
  step?: number;
  /**
   * Also commit each valid value as it is typed (for a field that only drives a display, such as an
   * estimate: it should follow the keys, not wait for Enter or blur). Invalid drafts still wait.
   */
  live?: boolean;
  /** Commit a valid value even when it equals `value` (the shown value is a default standing in for a bad one). */
  commitUnchanged?: boolean;
  /** Not editable (the caller says why beside it). */
  disabled?: boolean;
}

/**
 * Parses and checks a draft. Returns the number, or the message to show (naming the field), e.g.
 * "Verify samples must be a whole number of at least 1".
 */
export function parseNumberDraft(draft: string, rules: Pick<NumberFieldProps, 'label' | 'min' | 'max' | 'integer'>): number | string {
  const { label, min, max, integer } = rules;
  const what = integer ? 'a whole number' : 'a number';
  const bounds = min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` of at least ${min}` : max !== undefined ? ` of at most ${max}` : '';
  const message = `${label} must be ${what}${bounds}`;
  const text = draft.trim();
  // A count is written in digits: "1e3" in Verify samples was taken as 1,000 samples (rev21 F8), and
  // "2.0" is no way to write a count either.
  if (!(integer ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/).test(text)) return message;
  const n = Number(text);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return message;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) return message;
  return n;
}

export function NumberField({ label, value, onCommit, min, max, integer = false, step = 1, live = false, commitUnchanged = false, disabled = false }: NumberFieldProps) {
  const [draft, setDraft] = useState(String(value));
  const focused = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  /** Closing the dialog was stopped on this field's invalid draft (cleared when the draft changes). */
  const [closeStopped, setCloseStopped] = useState(false);
  const errorId = useId();
  // Whether the draft holds what the user typed (or stepped to) since the value was last shown or
  // committed. Only such a draft is committed on blur or on the dialog's close: for a moment after a
  // value changes elsewhere (a preset), a render shows the new value while the draft still holds the
  // old one until the effect below runs, and a close in that moment committed the old draft back over
  // the preset (workbench e2e under load: the paper preset's 64 samples came back as 4).
  const edited = useRef(false);

  // A value changed elsewhere (a preset, the engine) shows up unless the user is typing here; a bad
  // draft stays after focus leaves, with its message, so nothing typed is silently replaced.
  useEffect(() => {
    if (!focused.current) {
      edited.current = false;
      setDraft(String(value));
      setError(null);
      setCloseStopped(false);
    }
  }, [value]);

  const commit = (text = draft): boolean => {
    const parsed = parseNumberDraft(text, { label, min, max, integer });
    if (typeof parsed === 'string') {
      setError(parsed);
      return false;
    }
    setError(null);
    edited.current = false;
    setDraft(String(parsed));
    if (parsed !== value || commitUnchanged) onCommit(parsed);
    return true;
  };

  // The dialog closing reads the draft typed so far (a ref: the registration outlives renders).
  const latest = useRef({ draft, commit });
  latest.current = { draft, commit };
  const drafts = useContext(FieldDraftsContext);
  useEffect(() => drafts?.register({
    settle: () => (!edited.current || latest.current.commit(latest.current.draft) ? null : `${label}\u0000${latest.current.draft}`),
    stopClose: () => {
      setCloseStopped(true);
      input.current?.focus();
    },
    focus: () => input.current?.focus(),
  }), [drafts, label]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      commit();
    } else if (e.key === 'Escape' && !drafts && (draft !== String(value) || error)) {
      // Outside a dialog Escape drops the draft. Inside one, Escape is the dialog's: it closes it from
      // here too, settling this draft as ✕ does.
      e.stopPropagation();
      edited.current = false;
      setDraft(String(value));
      setError(null);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const base = typeof parseNumberDraft(draft, { label }) === 'number' ? Number(draft) : value;
      let next = base + (e.key === 'ArrowUp' ? step : -step);
      next = Number(next.toFixed(10)); // 0.1 + 0.2 shows as 0.3
      if (min !== undefined) next = Math.max(min, next);
      if (max !== undefined) next = Math.min(max, next);
      setDraft(String(next));
      setCloseStopped(false);
      commit(String(next));
    }
  };

  return (
    <div className="pw-field">
      <label>
        {label}{' '}
        <input
          ref={input}
          type="text"
          inputMode={integer ? 'numeric' : 'decimal'}
          role="spinbutton"
          disabled={disabled}
          aria-valuenow={value}
          aria-valuemin={min}
          aria-valuemax={max}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={draft}
          onChange={(e) => {
            edited.current = true;
            setDraft(e.target.value);
            setCloseStopped(false);
            if (live) {
              const parsed = parseNumberDraft(e.target.value, { label, min, max, integer });
              if (typeof parsed === 'number') {
                setError(null);
                if (parsed !== value) onCommit(parsed);
              }
            }
          }}
          onFocus={() => (focused.current = true)}
          onBlur={() => {
            focused.current = false;
            // Not typed in: show the value as it is now (a preset may have changed it meanwhile).
            if (edited.current) commit();
            else setDraft(String(value));
          }}
          onKeyDown={onKeyDown}
        />
      </label>
      {error && (
        <span id={errorId} className="pw-field-error" role="alert">
          {error}{closeStopped ? `. Not saved: ${value} is kept. Close again to leave it so.` : ''}
        </span>
      )}
    </div>
  );
}
