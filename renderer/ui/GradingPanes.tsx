// Beside the problem: the reference solution and the marking scheme a verification is graded against
// (issue 15). Tabs over the problem pane; each text is read from its sibling file when the document
// loads (NAME.reference.md, NAME.rubric.md), edited here, saved beside the proof, and sent with Verify.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { PreviewRenderer } from '../preview/incremental';
import { DEFAULT_POINTS, MAX_POINTS, rubricGuidance } from '../../app/common/rubric';
import { gradingPoints, invalidGradingPoints, setGradingPoints, unreadableGradingFrontMatter, useGrading } from '../state/grading';
import { notify, useWorkbench } from '../state/store';
import { NumberField } from './NumberField';
import { PreviewContent } from './PreviewNodes';

type Tab = 'problem' | 'reference' | 'rubric';
const LABELS: Record<Tab, string> = { problem: 'Problem', reference: 'Reference', rubric: 'Marking scheme' };

/** Loads the open document's reference and marking scheme from the engine whenever a document is (re)loaded. */
function useGradingFiles(): void {
  const engine = useWorkbench((s) => s.engine);
  const docId = useWorkbench((s) => s.docId);
  const loadNonce = useWorkbench((s) => s.loadNonce);
  useEffect(() => {
    if (!engine || !docId) return;
    let live = true;
    engine.gradingFiles({ docId }).then(
      (files) => live && useGrading.setState({ docId, reference: files.reference, rubric: files.rubric, saved: files.saved, dirty: false }),
      (error: Error) => live && notify(`Could not read the reference or marking scheme: ${error.message}`, 'error'),
    );
    return () => {
      live = false;
    };
  }, [engine, docId, loadNonce]);
}

export function ProblemTabs({ problemPane }: { problemPane: ReactNode }) {
  const [tab, setTab] = useState<Tab>('problem');
  const hasReference = useGrading((s) => s.reference.trim() !== '');
  useGradingFiles();
  return (
    <div className="pw-problem-tabs">
      <div className="pw-mini-tabs" role="tablist" aria-label="Problem, reference and marking scheme">
        {(Object.keys(LABELS) as Tab[]).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'pw-tab-active' : ''} onClick={() => setTab(id)} data-testid={`problem-tab-${id}`}>
            {LABELS[id]}{id === 'reference' && hasReference ? ' ●' : ''}
          </button>
        ))}
      </div>
      <div className="pw-problem-tab-body">{tab === 'problem' ? problemPane : <GradingPane which={tab} />}</div>
    </div>
  );
}

function GradingPane({ which }: { which: 'reference' | 'rubric' }) {
  const text = useGrading((s) => s[which]);
  const points = useGrading(gradingPoints);
  const badPoints = useGrading(invalidGradingPoints);
  const unreadable = useGrading(unreadableGradingFrontMatter);
  const dirty = useGrading((s) => s.dirty);
  // A document saved since it was opened has a place for its sibling files too.
  const saved = useWorkbench((s) => s.path !== null);
  const engine = useWorkbench((s) => s.engine);
  const docId = useWorkbench((s) => s.docId);
  const macros = useWorkbench((s) => s.workspaceMacros);
  const [editing, setEditing] = useState(() => text === '');
  const renderer = useMemo(() => new PreviewRenderer(), []);
  // The marking scheme as the grader reads it: its settings (points: N) are the Points field, not text,
  // and a rule it opens with is text (a leading line break: never taken for front matter and collapsed).
  const shown = which === 'rubric' ? `\n${rubricGuidance(text)}` : text;
  const rendered = useMemo(() => renderer.update(shown, macros), [renderer, shown, macros]);
  const save = async () => {
    if (!engine || !docId) return;
    const { reference, rubric } = useGrading.getState();
    try {
      await engine.saveGrading({ docId, reference, rubric });
      useGrading.setState({ dirty: false });
      notify('Saved the reference solution and marking scheme beside the proof.');
    } catch (error) {
      notify(`Could not save them: ${error instanceof Error ? error.message : String(error)}`, 'error');
    }
  };
  const what = which === 'reference' ? 'reference solution' : 'marking scheme';
  return (
    <div className="pw-problem-pane" data-testid={`grading-${which}`}>
      <div className="pw-pane-header">
        <span className="pw-pane-title">{which === 'reference' ? 'Reference solution' : 'Marking scheme'}</span>
        <span className="pw-grading-points"><NumberField
          label="Points" integer min={1} max={MAX_POINTS} value={points} commitUnchanged={badPoints !== null}
          // A front matter YAML cannot read gets no second one above it: the field waits for the fix.
          disabled={unreadable !== null}
          onCommit={(v) => {
            const refused = setGradingPoints(docId, v);
            if (refused) notify(`Points not set: ${refused}`, 'error');
          }}
        /></span>
        {dirty && saved && <button type="button" onClick={() => void save()} data-testid="grading-save">Save</button>}
        <button type="button" onClick={() => setEditing(!editing)} aria-pressed={editing}>{editing ? 'Done' : 'Edit'}</button>
      </div>
      {unreadable !== null && (
        <p className="pw-field-error" role="status" data-testid="grading-front-matter-invalid">
          The marking scheme's front matter {unreadable}, so its settings are not read: grading uses {DEFAULT_POINTS} points. Correct it in Edit to set Points.
        </p>
      )}
      {badPoints !== null && (
        <p className="pw-field-error" role="status" data-testid="grading-points-invalid">
          The marking scheme says <code>points: {badPoints}</code>, which is no whole number from 1 to {MAX_POINTS}: grading uses {DEFAULT_POINTS}. Set Points to replace it.
        </p>
      )}
      {editing ? (
        <textarea
          className="pw-problem-input" value={text} aria-label={which === 'reference' ? 'Reference solution' : 'Marking scheme'} spellCheck
          onChange={(e) => useGrading.setState({ [which]: e.target.value, dirty: true, docId })}
          placeholder={which === 'reference'
            ? 'The official solution (Markdown + LaTeX). With one, Verify grades the proof against it and gives points.'
            : 'The marking scheme: what earns each point (optional; needs a reference solution).'}
        />
      ) : (
        <div className="pw-problem-rendered" onDoubleClick={() => setEditing(true)}>
          {shown.trim() === '' && <p className="pw-muted">No {what} yet: press Edit to add one{saved ? ' (kept beside the proof when saved)' : ''}.</p>}
          {rendered.blocks.map((b) => <div key={b.key}><PreviewContent nodes={b.rendered.nodes} /></div>)}
        </div>
      )}
    </div>
  );
}
