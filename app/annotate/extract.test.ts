import { describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResult, ModelBackend } from '../models/backend';
import { parseProof } from '../proof';
import { extractFindings, extractionSchema } from './extract';

const doc = parseProof('Let $n$ be odd.\n\nThen $n^2$ is odd.\n\nHence done.\n');

/** A backend that answers every call with a fixed text and remembers the requests (unit test of parsing only). */
function fakeBackend(answer: string, finishReason: GenerateResult['finishReason'] = 'stop') {
  const requests: GenerateRequest[] = [];
  const backend: ModelBackend = {
    info: () => ({ spec: 'fake', kind: 'scripted', model: 'fake', parallel: 1 }),
    async generate(request) {
      requests.push(request);
      return { text: answer, finishReason, promptTokens: 10, completionTokens: 10, timings: { totalMs: 1 } };
    },
    countTokens: async () => 0,
    dispose: async () => {},
  };
  return { backend, requests };
}

describe('extractFindings', () => {
  it('asks for schema-constrained JSON at temperature 0 with the labelled steps, and returns validated findings', async () => {
    const answer = JSON.stringify({
      findings: [
        { step: 'S2', severity: 'gap', message: 'Squares of odd numbers: why odd?', quote: '$n^2$ is odd' },
        { step: null, severity: 'note', message: 'Overall fine.', quote: null },
      ],
    });
    const { backend, requests } = fakeBackend(answer);
    const findings = await extractFindings('Step 2 claims n^2 odd without proof.', doc, backend);
    expect(findings).toEqual([
      { severity: 'gap', message: 'Squares of odd numbers: why odd?', stepLabel: 'S2', quote: '$n^2$ is odd' },
      { severity: 'note', message: 'Overall fine.' },
    ]);
    const [request] = requests;
    expect(request).toMatchObject({ role: 'extract', temperature: 0 });
    expect(request.jsonSchema).toEqual(extractionSchema(doc));
    const prompt = request.messages.map((m) => m.content).join('\n');
    expect(prompt).toContain('[S2] Then $n^2$ is odd.');
    expect(prompt).toContain('Step 2 claims n^2 odd without proof.');
  });

  it('constrains step labels to the document in the schema', () => {
    const schema = extractionSchema(doc) as { properties: { findings: { items: { properties: { step: { enum: unknown[] } } } } } };
    expect(schema.properties.findings.items.properties.step.enum).toEqual(['S1', 'S2', 'S3', null]);
  });

  it('returns [] for garbage, truncated JSON or the wrong shape, and drops invalid items', async () => {
    for (const answer of ['I think step 2 is wrong.', '{"findings": [{"step": "S2", "sev', '{"items": []}', '[]', '']) {
      expect(await extractFindings('analysis', doc, fakeBackend(answer).backend)).toEqual([]);
    }
    const mixed = '```json\n{"findings": [{"step": "S9", "severity": "gap", "message": "m", "quote": ""}, {"step": "S1", "severity": "fatal", "message": "x"}, {"severity": "minor", "message": "  "}]}\n```';
    expect(await extractFindings('analysis', doc, fakeBackend(mixed).backend)).toEqual([{ severity: 'gap', message: 'm' }]);
  });

  it('skips the call for an empty analysis and passes the abort signal through', async () => {
    const { backend, requests } = fakeBackend('{"findings": []}');
    expect(await extractFindings('  ', doc, backend)).toEqual([]);
    expect(requests).toHaveLength(0);
    const controller = new AbortController();
    await extractFindings('analysis', doc, backend, controller.signal);
    expect(requests[0].signal).toBe(controller.signal);
  });
});
