// The set-up the loop's tests share: a real run store in a fresh temporary workspace per test and the
// shipped prompt templates, plus a verifier answer in the released model's format.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { loadTemplates, type TemplateSet } from '../../prompts';
import { RunStore } from '../../store';

export interface LoopFixture {
  templates: TemplateSet;
  /** This test's workspace folder (removed after it). */
  workspace: string;
  store: RunStore;
}

/**
 * Registers vitest hooks (call at a test file's top level): the templates are loaded once, and each test
 * gets a new workspace under the OS temp folder named `prefix…` with its RunStore. Read the fields inside
 * tests (they are replaced before each one).
 */
export function loopFixture(prefix: string): LoopFixture {
  const fixture = {} as LoopFixture;
  beforeAll(async () => {
    fixture.templates = await loadTemplates();
  });
  beforeEach(async () => {
    fixture.workspace = await mkdtemp(join(tmpdir(), prefix));
    fixture.store = await RunStore.open(fixture.workspace);
  });
  afterEach(async () => {
    await rm(fixture.workspace, { recursive: true, force: true });
  });
  return fixture;
}

/** A verifier's answer with `score` boxed, in the released template's words ("overal" as it spells it). */
export const verifierAnswer = (score: string) =>
  `Here is my evaluation of the solution:\n\nThe argument was read line by line.\n\nBased on my evaluation, the final overal score should be:\n\\boxed{${score}}`;

/** The problem the loop's tests search for. */
export const WIDGET_PROBLEM = 'Show that every widget is a gadget.';

/**
 * A run's result as any run of the same input gives it: the run's id blanked wherever it stands (the
 * result's `runId`, and each annotation's id and provenance). Resume tests compare a resumed run with
 * an uninterrupted one, which is another run and so has another id.
 */
export function withoutRunId(result: { runId: string }): unknown {
  const json = JSON.stringify(result);
  return JSON.parse(result.runId ? json.split(result.runId).join('') : json);
}
