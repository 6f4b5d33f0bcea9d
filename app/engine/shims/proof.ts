// TEMPORARY SHIM until app/proof lands (parseProof / remapDocument / remapAnnotations, see
// docs/ARCHITECTURE.md). Blank-line-separated paragraphs as steps; ids kept by content. Replace the
// import in app/engine/modules.ts with '../proof' when it exists.
import type { Annotation } from '../../common/annotations';
import type { DocumentFormat, ProofDocument, Step } from '../../common/proof';
import { LineIndex, type TextEdit } from '../../common/text';

export function formatFromPath(path: string): DocumentFormat {
  return /\.tex$/i.test(path) ? 'tex' : 'markdown';
}

export function parseProof(text: string, format: DocumentFormat = 'markdown'): ProofDocument {
  const index = new LineIndex(text);
  const steps: Step[] = [];
  const re = /[^\n]+(?:\n(?!\s*\n)[^\n]*)*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (!m[0].trim()) continue;
    const start = m.index;
    const end = m.index + m[0].length;
    steps.push({
      id: `s${steps.length + 1}`,
      label: `S${steps.length + 1}`,
      index: steps.length,
      kind: m[0].startsWith('#') ? 'heading' : 'paragraph',
      range: index.locate({ start, end }),
      text: m[0],
      math: [],
    });
  }
  return { format, text, body: { start: 0, end: text.length }, steps };
}

export function remapDocument(old: ProofDocument, edit: TextEdit): ProofDocument {
  const text = old.text.slice(0, edit.start) + edit.text + old.text.slice(edit.end);
  const next = parseProof(text, old.format);
  const byText = new Map(old.steps.map((s) => [s.text, s.id]));
  const used = new Set<string>();
  let counter = old.steps.length;
  for (const step of next.steps) {
    const id = byText.get(step.text);
    if (id && !used.has(id)) step.id = id;
    else step.id = `s${++counter}`;
    used.add(step.id);
  }
  return next;
}

export function remapAnnotations(annotations: Annotation[], _old: ProofDocument, next: ProofDocument, edit: TextEdit): Annotation[] {
  const delta = edit.text.length - (edit.end - edit.start);
  const live = new Set(next.steps.map((s) => s.id));
  return annotations.map((a) => {
    let range = a.range;
    let stale = a.stale;
    if (range) {
      if (range.end <= edit.start) {
        // before the edit: unchanged
      } else if (range.start >= edit.end) range = { start: range.start + delta, end: range.end + delta };
      else stale = true;
    }
    if (a.stepId && !live.has(a.stepId)) stale = true;
    return { ...a, range, ...(stale ? { stale: true } : {}) };
  });
}
