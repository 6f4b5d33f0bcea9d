// Every finding and KaTeX error of the document in one keyboard-navigable list (↑/↓, Enter jumps),
// filtered by severity and source.
import { useMemo, useRef, useState } from 'react';
import { SEVERITIES, type Severity } from '../../app/common/annotations';
import { editorBridge } from '../editor/bridge';
import { MessageText } from './AnnotationCell';
import { filterProblems, problemItems, SEVERITY_LABEL, verifierSamples, type ProblemItem, type ProblemSource } from '../state/annotationsView';
import { displayedAnnotations, useDisplayedAnnotations, useWorkbench, type WorkbenchState } from '../state/store';

export function useProblems(): ProblemItem[] {
  const doc = useWorkbench((s) => s.doc);
  const annotations = useDisplayedAnnotations();
  const previewErrors = useWorkbench((s) => s.previewErrors);
  const dismissed = useWorkbench((s) => s.dismissed);
  const resolved = useWorkbench((s) => s.resolved);
  const severityFilter = useWorkbench((s) => s.severityFilter);
  const sourceFilter = useWorkbench((s) => s.sourceFilter);
  const verify = useWorkbench((s) => s.verify);
  return useMemo(
    () => problemsOf({ doc, annotations, previewErrors, dismissed, resolved, severityFilter, sourceFilter, verify }),
    [doc, annotations, previewErrors, dismissed, resolved, severityFilter, sourceFilter, verify],
  );
}

/**
 * The Problems list's items (filters applied) for the store's state now, without subscribing: for
 * handlers that need it once (F8), so the component that owns them does not re-render on every
 * answer of the engine (issue 11: the whole workbench re-rendered on each key's answer).
 */
export function currentProblems(): ProblemItem[] {
  const s = useWorkbench.getState();
  return problemsOf({ ...s, annotations: displayedAnnotations(s) });
}

function problemsOf(s: Pick<WorkbenchState, 'doc' | 'annotations' | 'previewErrors' | 'dismissed' | 'resolved' | 'severityFilter' | 'sourceFilter' | 'verify'>): ProblemItem[] {
  const hidden = new Set([...s.dismissed, ...s.resolved]);
  const items = problemItems(s.doc, s.annotations, s.previewErrors, hidden, verifierSamples(s.verify, s.annotations));
  return filterProblems(items, { severities: s.severityFilter, source: s.sourceFilter });
}

export function jumpTo(item: ProblemItem): void {
  if (item.range) editorBridge()?.reveal(item.range);
}

const SOURCES: (ProblemSource | 'all')[] = ['all', 'verifier', 'self-evaluation', 'checker', 'preview'];

export function ProblemsList() {
  const items = useProblems();
  const severityFilter = useWorkbench((s) => s.severityFilter);
  const sourceFilter = useWorkbench((s) => s.sourceFilter);
  const [active, setActive] = useState(0);
  const list = useRef<HTMLUListElement>(null);

  const toggleSeverity = (s: Severity) => {
    const next = new Set(severityFilter);
    if (next.has(s)) next.delete(s);
    else next.add(s);
    useWorkbench.setState({ severityFilter: next });
  };

  const onKey = (e: React.KeyboardEvent) => {
    if (items.length === 0) return;
    let next = active;
    if (e.key === 'ArrowDown') next = Math.min(items.length - 1, active + 1);
    else if (e.key === 'ArrowUp') next = Math.max(0, active - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else if (e.key === 'Enter') {
      jumpTo(items[active]);
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    setActive(next);
    list.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div className="pw-problems">
      <div className="pw-problems-filters" role="toolbar" aria-label="Filter problems">
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`pw-chip pw-sev-${s}`} aria-pressed={severityFilter.has(s)} onClick={() => toggleSeverity(s)}>
            {s}
          </button>
        ))}
        <label className="pw-select">
          Source{' '}
          <select value={sourceFilter} onChange={(e) => useWorkbench.setState({ sourceFilter: e.target.value as ProblemSource | 'all' })}>
            {SOURCES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <span className="pw-muted" data-testid="problem-count">{items.length} shown</span>
      </div>
      <ul
        ref={list}
        className="pw-problems-list"
        role="listbox"
        aria-label="Problems"
        tabIndex={0}
        onKeyDown={onKey}
        aria-activedescendant={items[active] ? `problem-${active}` : undefined}
        data-testid="problems"
      >
        {items.length === 0 && <li className="pw-muted pw-empty">No problems.</li>}
        {/* Keyed by place, not by id: the checker's ids hold offsets (check:calc:START-END), so typing
            above a finding gave every one below it a new id, and each key removed and re-created the
            list's rows (issue 11). The rows hold no state of their own; the active one is by index. */}
        {items.map((item, i) => (
          <li
            key={i}
            id={`problem-${i}`}
            data-index={i}
            role="option"
            aria-selected={i === active}
            className={`pw-problem pw-sev-${item.severity}${item.stale ? ' pw-stale' : ''}`}
            onClick={() => {
              setActive(i);
              jumpTo(item);
            }}
            data-testid="problem"
            data-source={item.source}
          >
            <span className={`pw-dot pw-sev-${item.severity}`} aria-label={SEVERITY_LABEL[item.severity]} />
            <span className="pw-problem-step">{item.stepLabel ?? (item.range ? '' : 'doc')}</span>
            {/* A finding's formulas typeset as in its card; a KaTeX error of the preview is about source, shown as is. */}
            <span className="pw-problem-message" title={item.message.slice(0, 4000)}>{item.source === 'preview' ? item.message : <MessageText message={item.message} />}</span>
            <span className="pw-problem-source">{item.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
