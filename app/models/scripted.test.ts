import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackendError, type GenerateRequest, type TokenChunk } from './backend';
import { ScriptedBackend, createScriptedBackend, estimateTokens } from './scripted';

function request(role: GenerateRequest['role'], user: string, extra: Partial<GenerateRequest> = {}): GenerateRequest {
  return { role, messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: user }], maxTokens: 1000, temperature: 1, topP: 0.95, ...extra };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-scripted-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ScriptedBackend', () => {
  it('matches rules by role and text, consumes responses in order, then repeats the last', async () => {
    const backend = await ScriptedBackend.fromScript({
      rules: [
        { role: 'verify', match: 'PROOF-A', responses: ['a1', 'a2'] },
        { role: 'verify', matchRegex: 'PROOF-[BC]', exhausted: 'cycle', responses: ['b1', 'b2'] },
        { responses: ['anything'] },
      ],
    });
    const texts = [];
    for (const user of ['PROOF-A', 'PROOF-A', 'PROOF-A', 'PROOF-B', 'PROOF-C', 'PROOF-B']) {
      texts.push((await backend.generate(request('verify', user))).text);
    }
    expect(texts).toEqual(['a1', 'a2', 'a2', 'b1', 'b2', 'b1']);
    expect((await backend.generate(request('generate', 'PROOF-A'))).text).toBe('anything');
  });

  it('streams reasoning then text through onToken and reports the scripted finish reason', async () => {
    const backend = await ScriptedBackend.fromScript({ chunkChars: 3, rules: [{ responses: [{ text: 'abcdefg', reasoning: 'hmm', finishReason: 'length' }] }] });
    const chunks: TokenChunk[] = [];
    const result = await backend.generate(request('verify', 'x', { onToken: (c) => chunks.push(c) }));
    expect(chunks).toEqual([
      { text: 'hmm', reasoning: true },
      { text: 'abc', reasoning: false },
      { text: 'def', reasoning: false },
      { text: 'g', reasoning: false },
    ]);
    expect(result).toMatchObject({ text: 'abcdefg', reasoning: 'hmm', finishReason: 'length', completionTokens: estimateTokens('hmm') + estimateTokens('abcdefg') });
  });

  it("reads a server's finish word as the openai backend does", async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ responses: [{ text: 'a', finishReason: 'eos' }, { text: 'b', finishReason: 'max_tokens' }, { text: 'c', finishReason: 'content_filter' }] }] });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await backend.generate(request('verify', 'x')));
    expect(results.map((r) => [r.finishReason, r.finishDetail])).toEqual([
      ['stop', undefined],
      ['length', undefined],
      ['incomplete', 'finish_reason "content_filter"'],
    ]);
  });

  it('cuts the output at maxTokens with finish reason length', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ responses: ['x'.repeat(100)] }] });
    const result = await backend.generate(request('verify', 'x', { maxTokens: 5 }));
    expect(result.text).toBe('x'.repeat(20));
    expect(result.finishReason).toBe('length');
  });

  it('stops promptly on abort and returns the partial text', async () => {
    const backend = await ScriptedBackend.fromScript({ chunkChars: 1, rules: [{ responses: [{ text: 'abcdefghij', chunkDelayMs: 20 }] }] });
    const controller = new AbortController();
    const chunks: string[] = [];
    const pending = backend.generate(
      request('verify', 'x', {
        signal: controller.signal,
        onToken: (c) => {
          chunks.push(c.text);
          if (chunks.length === 3) controller.abort();
        },
      }),
    );
    const result = await pending;
    expect(result.finishReason).toBe('abort');
    expect(result.text).toBe('abc');
  });

  it('runs at most `parallel` calls at once', async () => {
    const backend = await ScriptedBackend.fromScript({ parallel: 2, chunkChars: 2, rules: [{ responses: [{ text: 'okok', chunkDelayMs: 20 }] }] });
    let running = 0;
    let peak = 0;
    const calls = Array.from({ length: 5 }, () => {
      let started = false;
      return backend.generate(
        request('verify', 'x', {
          onToken: () => {
            if (!started) {
              started = true;
              running++;
              peak = Math.max(peak, running);
            }
          },
        }),
      ).then(() => running--);
    });
    await Promise.all(calls);
    expect(peak).toBe(2);
    expect(backend.info()).toMatchObject({ kind: 'scripted', parallel: 2 });
  });

  it('reads response files relative to the script and names the model after the file', async () => {
    await writeFile(join(dir, 'answer.txt'), 'from a file');
    await writeFile(join(dir, 'demo.json'), JSON.stringify({ rules: [{ responses: [{ file: 'answer.txt' }] }] }));
    const backend = await createScriptedBackend(join(dir, 'demo.json'));
    expect((await backend.generate(request('verify', 'x'))).text).toBe('from a file');
    expect(backend.info().model).toBe('scripted/demo');
  });

  it('rejects bad scripts with the offending field named', async () => {
    await expect(ScriptedBackend.fromScript({ rules: [{ responses: [{ finishReason: 'stop' }] }] })).rejects.toThrow(/rules\.0\.responses\.0.*text.*file/);
    await expect(ScriptedBackend.fromScript({ rules: [{ responses: ['a'], colour: 'red' }] })).rejects.toThrow(/colour/);
    await expect(ScriptedBackend.fromScript({ rules: [{ matchRegex: '(', responses: ['a'] }] })).rejects.toThrow(/matchRegex/);
    await writeFile(join(dir, 'broken.json'), '{ nope');
    await expect(createScriptedBackend(join(dir, 'broken.json'))).rejects.toThrow(/not valid JSON/);
    await expect(createScriptedBackend(join(dir, 'missing.json'))).rejects.toThrow(/cannot read script .*ENOENT/);
  });

  it('fails a call no rule answers with a BackendError quoting the prompt', async () => {
    const backend = await ScriptedBackend.fromScript({ rules: [{ role: 'verify', responses: ['a'] }] });
    const failure = backend.generate(request('refine', 'please refine this'));
    await expect(failure).rejects.toBeInstanceOf(BackendError);
    await expect(failure).rejects.toThrow(/no rule matches a refine call.*please refine this/);
  });
});
