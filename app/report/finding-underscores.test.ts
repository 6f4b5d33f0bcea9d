// Finding messages quoting identifiers keep their underscores in the HTML report, as on the workbench's
// cards (renderer/ui/finding-underscores.test.tsx): `__init__` was shown as a bold "init" (review).
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../common/annotations';
import { readerText, UNDERSCORE_CASES } from '../common/tex/cases/finding-underscores';
import { parseProof } from '../proof';
import { renderReport } from './html';

/** The report's finding message as a reader sees it (a verifier finding on step 1). */
function report(message: string): string {
  const doc = parseProof('We set $x = 1$.\n', 'markdown');
  const step = doc.steps[0]!;
  const finding: Annotation = { id: 'v1', stepId: step.id, severity: 'gap', message, mappedBy: 'label', provenance: { source: 'verifier', sample: 0, verdict: 'unchecked' } };
  const html = renderReport({
    title: 'r', generatedAt: new Date(0), settings: {},
    entries: [{
      name: 'p.md', problem: 'P.', doc, result: null,
      checker: [finding],
    }],
  });
  return readerText(html, 'message');
}

describe('identifiers with underscores in the report', () => {
  it.each(UNDERSCORE_CASES)('shows the verifier finding %j as the card does', (message, shown) => {
    expect(report(message)).toBe(shown);
  });
});
