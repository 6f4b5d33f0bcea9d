import type { ModelBackend } from '../backend';
import { OpenAIBackend, type OpenAIBackendOptions } from './openaiBackend';

export { OpenAIBackend, estimateTokens, type OpenAIBackendOptions } from './openaiBackend';

/** `openai:URL#MODEL` — `url` is the server's API base (e.g. http://127.0.0.1:8080/v1). */
export function createOpenAIBackend(url: string, model: string, options?: OpenAIBackendOptions): ModelBackend {
  return new OpenAIBackend(url, model, options);
}
