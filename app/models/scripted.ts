// The scripted backend: deterministic responses from a JSON script, for tests and demos of the loop.
//
// Script shape (validated with zod; see resources/samples/scripts/ for examples):
//   {
//     "model": "scripted-demo",          // model id recorded with every call (default: file name)
//     "parallel": 4,                      // calls run at once; more queue (default 4)
//     "chunkChars": 16,                   // streaming chunk size in characters (default 16)
//     "rules": [{
//       "role": "verify",                 // optional: only calls with this role
//       "match": "distinctive text",      // optional: substring of the last user message
//       "matchRegex": "S\\d+",            // optional: regex (JavaScript syntax) on the last user message
//       "exhausted": "repeat-last",       // after the last response: "repeat-last" (default) or "cycle"
//       "responses": ["plain text", { "text": "…", "reasoning": "…", "file": "outputs/x.txt",
//                                     "finishReason": "length", "delayMs": 50, "chunkDelayMs": 5 }]
//     }]
//   }
// Rules are tried in order; the first that matches answers. Each rule keeps its own cursor, advanced in
// the order calls arrive, so a loop that issues calls in a fixed order gets a fixed answer sequence.
// `file` is read relative to the script's folder and replaces `text`. `finishReason` is one of ours
// ("stop", "length", "abort" = cancelled, "error", "incomplete") or a server's own word, read as the
// openai backend reads it ("eos" completes, "max_tokens" truncates, "content_filter" is no verdict).
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { CallRole } from '../common/results';
import { SCRIPT_HAS_NO_ANSWER } from '../common/noVerdict';
import {
  BackendError,
  finishFromServer,
  type BackendInfo,
  type ChatMessage,
  type FinishReason,
  type GenerateRequest,
  type GenerateResult,
  type ModelBackend,
} from './backend';

const roleSchema = z.enum(['verify', 'meta-verify', 'generate', 'refine', 'extract']);

const responseSchema = z.union([
  z.string(),
  z
    .object({
      text: z.string().optional(),
      file: z.string().optional(),
      reasoning: z.string().optional(),
      finishReason: z.string().min(1).optional(),
      delayMs: z.number().int().nonnegative().optional(),
      chunkDelayMs: z.number().int().nonnegative().optional(),
    })
    .strict()
    .refine((r) => r.text !== undefined || r.file !== undefined, { message: 'a response needs "text" or "file"' }),
]);

const ruleSchema = z
  .object({
    role: roleSchema.optional(),
    match: z.string().optional(),
    matchRegex: z.string().optional(),
    exhausted: z.enum(['repeat-last', 'cycle']).optional(),
    responses: z.array(responseSchema).min(1),
  })
  .strict();

export const scriptSchema = z
  .object({
    model: z.string().optional(),
    parallel: z.number().int().positive().optional(),
    chunkChars: z.number().int().positive().optional(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict();

export type Script = z.infer<typeof scriptSchema>;

interface ScriptedResponse {
  text: string;
  reasoning?: string;
  finishReason: FinishReason;
  finishDetail?: string;
  delayMs: number;
  chunkDelayMs: number;
}

interface CompiledRule {
  role?: CallRole;
  match?: string;
  regex?: RegExp;
  exhausted: 'repeat-last' | 'cycle';
  responses: ScriptedResponse[];
  next: number;
}

/** A deterministic token estimate: one token per 4 characters, rounded up (same for every backend run). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export interface ScriptedBackendOptions {
  /** The spec recorded in info(); defaults to `scripted:<path>`. */
  spec?: string;
  /** Folder that `file` responses are relative to (defaults to the script's folder). */
  baseDir?: string;
  /**
   * Confine each `file` a response names (absolute, after joining baseDir): return the path to read
   * or throw. The engine passes its path guard here, so a script a client wrote cannot read files
   * outside the workspace; it runs before any read, so a refusal never tells whether a file exists.
   */
  confineFile?: (absPath: string) => string;
}

/** Load a script file and build the backend. Errors name the file and the offending field. */
export async function createScriptedBackend(path: string, options: ScriptedBackendOptions = {}): Promise<ScriptedBackend> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    throw new BackendError(`cannot read script ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 'bad-spec', { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new BackendError(`script ${path} is not valid JSON: ${(error as Error).message}`, 'bad-spec', { cause: error });
  }
  const baseDir = options.baseDir ?? dirname(resolve(path));
  return ScriptedBackend.fromScript(json, {
    spec: options.spec ?? `scripted:${path}`,
    model: `scripted/${basename(path).replace(/\.json$/i, '')}`,
    baseDir,
    source: path,
    confineFile: options.confineFile,
  });
}

export class ScriptedBackend implements ModelBackend {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Every request received, in arrival order (tests inspect it). */
  readonly requests: GenerateRequest[] = [];

  private constructor(
    private readonly rules: CompiledRule[],
    private readonly backendInfo: BackendInfo,
    private readonly chunkChars: number,
  ) {}

  /** Validate a parsed script (an object, not a path) and build the backend. */
  static async fromScript(
    json: unknown,
    context: { spec?: string; model?: string; baseDir?: string; source?: string; confineFile?: (absPath: string) => string } = {},
  ): Promise<ScriptedBackend> {
    const source = context.source ?? 'script';
    const parsed = scriptSchema.safeParse(json);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new BackendError(`invalid scripted backend ${source}: ${issues}`, 'bad-spec');
    }
    const script = parsed.data;
    const rules: CompiledRule[] = [];
    for (const [index, rule] of script.rules.entries()) {
      let regex: RegExp | undefined;
      if (rule.matchRegex !== undefined) {
        try {
          regex = new RegExp(rule.matchRegex);
        } catch (error) {
          throw new BackendError(`invalid scripted backend ${source}: rules.${index}.matchRegex: ${(error as Error).message}`, 'bad-spec');
        }
      }
      const responses: ScriptedResponse[] = [];
      for (const [r, response] of rule.responses.entries()) {
        const item = typeof response === 'string' ? { text: response } : response;
        let text = item.text ?? '';
        if (item.file !== undefined) {
          let filePath = resolve(context.baseDir ?? process.cwd(), item.file);
          if (context.confineFile) {
            try {
              filePath = context.confineFile(filePath);
            } catch (error) {
              throw new BackendError(`invalid scripted backend ${source}: rules.${index}.responses.${r}.file: ${(error as Error).message}`, 'bad-spec');
            }
          }
          try {
            text = await readFile(filePath, 'utf8');
          } catch (error) {
            throw new BackendError(
              `invalid scripted backend ${source}: rules.${index}.responses.${r}.file: cannot read ${filePath} (${(error as NodeJS.ErrnoException).code ?? error})`,
              'bad-spec',
            );
          }
        }
        responses.push({
          text,
          reasoning: item.reasoning,
          ...scriptedFinish(item.finishReason ?? 'stop'),
          delayMs: item.delayMs ?? 0,
          chunkDelayMs: item.chunkDelayMs ?? 0,
        });
      }
      rules.push({ role: rule.role, match: rule.match, regex, exhausted: rule.exhausted ?? 'repeat-last', responses, next: 0 });
    }
    const info: BackendInfo = {
      spec: context.spec ?? 'scripted:(inline)',
      kind: 'scripted',
      model: script.model ?? context.model ?? 'scripted',
      parallel: script.parallel ?? 4,
    };
    return new ScriptedBackend(rules, info, script.chunkChars ?? 16);
  }

  info(): BackendInfo {
    return { ...this.backendInfo };
  }

  async countTokens(messages: ChatMessage[]): Promise<number> {
    return messages.reduce((sum, m) => sum + estimateTokens(m.content) + 4, 0);
  }

  async dispose(): Promise<void> {}

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    // The answer is chosen on arrival (not when a slot frees up) so the sequence follows call order.
    const response = this.pick(request);
    const started = Date.now();
    const promptTokens = await this.countTokens(request.messages);
    if (request.signal?.aborted) return abortedResult('', undefined, promptTokens, started);
    const acquired = await this.acquire(request.signal);
    if (!acquired) return abortedResult('', undefined, promptTokens, started);
    try {
      return await this.stream(response, request, promptTokens, started);
    } finally {
      this.release();
    }
  }

  private pick(request: GenerateRequest): ScriptedResponse {
    const lastUser = [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const rule = this.rules.find(
      (r) =>
        (r.role === undefined || r.role === request.role) &&
        (r.match === undefined || lastUser.includes(r.match)) &&
        (r.regex === undefined || r.regex.test(lastUser)),
    );
    if (!rule) {
      const preview = lastUser.replace(/\s+/g, ' ').slice(0, 80);
      throw new BackendError(`scripted backend: no rule matches a ${request.role} call (last user message: "${preview}…"): ${SCRIPT_HAS_NO_ANSWER}`, 'internal');
    }
    const index = rule.next < rule.responses.length ? rule.next : rule.exhausted === 'cycle' ? rule.next % rule.responses.length : rule.responses.length - 1;
    rule.next++;
    return rule.responses[index];
  }

  private async stream(response: ScriptedResponse, request: GenerateRequest, promptTokens: number, started: number): Promise<GenerateResult> {
    const { signal, onToken } = request;
    let firstTokenMs: number | undefined;
    let reasoning = '';
    let text = '';
    const maxChars = request.maxTokens * 4;
    if (!(await sleep(response.delayMs, signal))) return abortedResult(text, reasoning || undefined, promptTokens, started);

    const parts: { reasoning: boolean; value: string }[] = [];
    if (response.reasoning) parts.push({ reasoning: true, value: response.reasoning });
    parts.push({ reasoning: false, value: response.text });
    let emitted = 0;
    for (const part of parts) {
      for (let at = 0; at < part.value.length; at += this.chunkChars) {
        if (emitted >= maxChars) {
          // maxTokens is honoured with the same estimate as countTokens: the response is cut off.
          return result(text, reasoning, 'length', promptTokens, started, firstTokenMs);
        }
        const chunk = part.value.slice(at, Math.min(at + this.chunkChars, at + maxChars - emitted));
        if (at > 0 && !(await sleep(response.chunkDelayMs, signal))) return abortedResult(text, reasoning || undefined, promptTokens, started, firstTokenMs);
        if (signal?.aborted) return abortedResult(text, reasoning || undefined, promptTokens, started, firstTokenMs);
        firstTokenMs ??= Date.now() - started;
        if (part.reasoning) reasoning += chunk;
        else text += chunk;
        emitted += chunk.length;
        onToken?.({ text: chunk, reasoning: part.reasoning });
      }
    }
    return { ...result(text, reasoning, response.finishReason, promptTokens, started, firstTokenMs), ...(response.finishDetail ? { finishDetail: response.finishDetail } : {}) };
  }

  private acquire(signal?: AbortSignal): Promise<boolean> {
    if (this.active < this.backendInfo.parallel) {
      this.active++;
      return Promise.resolve(true);
    }
    return new Promise((resolveAcquire) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolveAcquire(true);
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(grant);
        if (at >= 0) this.waiting.splice(at, 1);
        resolveAcquire(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}

const OUR_FINISHES: readonly string[] = ['stop', 'length', 'abort', 'error', 'incomplete'] satisfies FinishReason[];

/** A script's finishReason: one of ours as is, a server's word through the openai backend's rule. */
function scriptedFinish(word: string): { finishReason: FinishReason; finishDetail?: string } {
  if (OUR_FINISHES.includes(word)) {
    const finishReason = word as FinishReason;
    return finishReason === 'incomplete' || finishReason === 'error' ? { finishReason, finishDetail: `scripted finishReason "${word}"` } : { finishReason };
  }
  const finishReason = finishFromServer(word);
  return finishReason === 'incomplete' ? { finishReason, finishDetail: `finish_reason "${word}"` } : { finishReason };
}

function result(
  text: string,
  reasoning: string,
  finishReason: FinishReason,
  promptTokens: number,
  started: number,
  firstTokenMs?: number,
): GenerateResult {
  return {
    text,
    reasoning: reasoning || undefined,
    finishReason,
    promptTokens,
    completionTokens: estimateTokens(reasoning) + estimateTokens(text),
    timings: { firstTokenMs, totalMs: Date.now() - started },
  };
}

function abortedResult(text: string, reasoning: string | undefined, promptTokens: number, started: number, firstTokenMs?: number): GenerateResult {
  return result(text, reasoning ?? '', 'abort', promptTokens, started, firstTokenMs);
}

/** Wait ms; resolves false at once when the signal aborts (so cancellation is prompt). */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolveSleep) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolveSleep(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
