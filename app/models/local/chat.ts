// Messages ↔ node-llama-cpp chat history, prompt tokens, its stop reasons as our finish reasons, and the mapping of its response chunks
// (text and thought segments) to the backend's TokenChunk stream.
import type { ChatHistoryItem, ChatWrapper, LlamaChatResponseChunk, LlamaModel, Token } from 'node-llama-cpp';
import type { ChatMessage, FinishReason, TokenChunk } from '../backend';

/** The history LlamaChat renders: the messages, then an (empty) model turn to generate into. */
export function toChatHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((message): ChatHistoryItem => {
    switch (message.role) {
      case 'system':
        return { type: 'system', text: message.content };
      case 'user':
        return { type: 'user', text: message.content };
      case 'assistant':
        return { type: 'model', response: [message.content] };
    }
  });
  // A trailing assistant message is a prefill the model continues; otherwise open a new model turn.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
}

/** The exact tokens LlamaChat evaluates before generating (same wrapper, same rendering). */
export function promptTokens(model: LlamaModel, chatWrapper: ChatWrapper, messages: ChatMessage[]): Token[] {
  const { contextText } = chatWrapper.generateContextState({ chatHistory: toChatHistory(messages) });
  return contextText.tokenize(model.tokenizer);
}

/**
 * Thought segments (DeepSeek-R1/Qwen3 `<think>` blocks, resolved by the chat wrapper) are reasoning;
 * everything else outside segments is the answer. Comment segments are neither and are dropped.
 */
export function toTokenChunk(chunk: LlamaChatResponseChunk): TokenChunk | undefined {
  if (chunk.text === '') return undefined;
  if (chunk.type === undefined) return { text: chunk.text, reasoning: false };
  if (chunk.segmentType === 'thought') return { text: chunk.text, reasoning: true };
  return undefined;
}

/** Collects the streamed text into answer and reasoning parts. */
export class ResponseCollector {
  text = '';
  reasoning = '';
  chunks = 0;

  add(chunk: TokenChunk): void {
    this.chunks++;
    if (chunk.reasoning) this.reasoning += chunk.text;
    else this.text += chunk.text;
  }
}

/**
 * node-llama-cpp's `stopReason` (LlamaChat's generateResponse metadata) as our finish: an
 * end-of-generation token or a stop trigger is a completed answer; `maxTokens` is truncation; `abort`
 * is our own cancellation; anything else (`functionCalls`, a reason a later version adds) is no verdict.
 */
export function finishFromLlama(stopReason: string): { finishReason: FinishReason; finishDetail?: string } {
  switch (stopReason) {
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return { finishReason: 'stop' };
    case 'maxTokens':
      return { finishReason: 'length' };
    case 'abort':
      return { finishReason: 'abort' };
    default:
      return { finishReason: 'incomplete', finishDetail: `node-llama-cpp stopped with "${stopReason}"` };
  }
}
