// Shared setup for the inference benchmarks: the generated benchmark model (43M-parameter f32 llama,
// scripts/make-tiny-gguf.ts), a proof-sized prompt, raw node-llama-cpp baselines, and timing helpers.
import { LlamaChat, LlamaCompletion, resolveChatWrapper, type LlamaContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { ensureTinyModel } from '../scripts/make-tiny-gguf';
import type { ChatMessage } from '../app/models/backend';
import { toChatHistory } from '../app/models/local/chat';

export function benchModelPath(): string {
  return ensureTinyModel({ size: 'bench', seed: 1 });
}

/** BENCH_QUICK=1 runs fewer repetitions (for a smoke check; figures are noisier). */
export const quick = process.env.BENCH_QUICK === '1';


export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function shortMessages(variant: number): ChatMessage[] {
  return [
    { role: 'system', content: 'You are a careful grader of mathematical proofs.' },
    { role: 'user', content: `Problem ${variant}: prove that the sum of two even numbers is even.` },
  ];
}

/** A verification prompt whose chat-templated length is about `targetTokens` on the benchmark model. */
export function proofMessages(model: LlamaModel, targetTokens: number): ChatMessage[] {
  const wrapper = resolveChatWrapper(model);
  const sentences = [
    'Let n be an even integer, so n = 2k for some integer k.',
    'Then n squared equals 4k squared, which is 2 times 2k squared, hence even.',
    'Suppose for the sake of contradiction that the set of primes is finite.',
    'Every integer greater than one has a prime factor, so the product plus one has one too.',
    'Therefore the function is injective, and since the sets are finite it is a bijection.',
  ];
  let proof = '';
  for (let i = 0; ; i++) {
    proof += `Step ${i + 1}. ${sentences[i % sentences.length]}\n`;
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a careful grader of mathematical proofs.' },
      { role: 'user', content: `Evaluate this proof step by step and give a score.\n\n${proof}` },
    ];
    const tokens = wrapper!.generateContextState({ chatHistory: toChatHistory(messages) }).contextText.tokenize(model.tokenizer);
    if (tokens.length >= targetTokens) return messages;
  }
}

export function chatTokens(model: LlamaModel, messages: ChatMessage[]): Token[] {
  return resolveChatWrapper(model)!.generateContextState({ chatHistory: toChatHistory(messages) }).contextText.tokenize(model.tokenizer);
}

/**
 * Raw node-llama-cpp: LlamaCompletion on the same templated tokens, greedy, no repeat penalty.
 * Returns the tokens generated and the ms from the first token to the end (decode only).
 */
export async function rawCompletionTimed(context: LlamaContext, tokens: Token[], maxTokens: number): Promise<{ generated: number; decodeMs: number }> {
  const sequence = context.getSequence();
  try {
    const completion = new LlamaCompletion({ contextSequence: sequence });
    let generated = 0;
    let first = 0;
    await completion.generateCompletion(tokens, {
      maxTokens,
      temperature: 0,
      repeatPenalty: false,
      onToken: (t) => {
        if (generated === 0) first = performance.now();
        generated += t.length;
      },
    });
    return { generated, decodeMs: performance.now() - first };
  } finally {
    sequence.dispose();
  }
}

export async function rawCompletion(context: LlamaContext, tokens: Token[], maxTokens: number): Promise<number> {
  return (await rawCompletionTimed(context, tokens, maxTokens)).generated;
}

/** The naive way to run m calls: one LlamaChat at a time, each evaluating its prompt from scratch. */
export async function rawChatFromScratch(context: LlamaContext, messages: ChatMessage[], maxTokens: number, seed: number): Promise<number> {
  const sequence = context.getSequence();
  try {
    const chat = new LlamaChat({ contextSequence: sequence });
    let generated = 0;
    await chat.generateResponse(toChatHistory(messages), {
      maxTokens,
      temperature: 0.7,
      seed,
      repeatPenalty: false,
      onToken: (t) => (generated += t.length),
    });
    return generated;
  } finally {
    sequence.dispose();
  }
}
