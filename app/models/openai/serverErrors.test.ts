import { describe, expect, it } from 'vitest';
import { isContextOverflow, isFieldRefusal, isLoadingReport, isModelLoading, loadingEstimateMs, isQuotaExhausted, isTokenLimitOverflow, isTransientReport, namedParams, refusedFields, serverMessage } from './serverErrors';

describe('server error messages', () => {
  it.each([
    'the request exceeds the available context size, try increasing it',
    'request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it',
    'input (5000 tokens) is larger than the max context size (4096 tokens). skipping',
    "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.",
    'Your input is too large for this model. (context_length_exceeded)',
    "The input (5000 tokens) is longer than the model's context length (4096 tokens).",
    'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096. Given: 4000 `inputs` tokens and 512 `max_new_tokens`',
    'Input validation error: `inputs` must have less than 4096 tokens. Given: 5000',
    'Trying to keep the first 9402 tokens when context the overflows. However, the model is loaded with context length of only 4096 tokens, which is not enough.',
  ])('recognises context overflow: %s', (message) => {
    expect(isContextOverflow(message)).toBe(true);
  });

  it('does not take other errors for context overflow', () => {
    for (const message of ['model "m" not found', 'temperature must be at most 2', 'CUDA error: out of memory', 'rate limit exceeded']) {
      expect(isContextOverflow(message)).toBe(false);
    }
  });

  it('reads pydantic, vLLM, Ollama and HTML bodies', () => {
    expect(serverMessage('{"detail": [{"type": "extra_forbidden", "loc": ["body", "seed"], "msg": "Extra inputs are not permitted", "input": 0}]}')).toBe('body.seed: Extra inputs are not permitted');
    expect(serverMessage('{"object":"error","message":"bad","type":"BadRequestError","code":400}')).toBe('bad');
    expect(serverMessage('{"error":"model \\"m\\" not found"}')).toBe('model "m" not found');
    expect(serverMessage('<html><head><title>504 Gateway Time-out</title></head><body>…</body></html>', 'text/html')).toBe('an HTML page: 504 Gateway Time-out');
    expect(serverMessage('plain words\n  on lines')).toBe('plain words on lines');
  });

  it('names only sent fields that the message refuses, not fields with a bad value', () => {
    const sent = ['model', 'messages', 'stream', 'seed', 'top_p', 'max_tokens', 'temperature'];
    expect(refusedFields('body.seed: Extra inputs are not permitted', sent)).toEqual(['seed']);
    expect(refusedFields("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", sent)).toEqual(['max_tokens']);
    expect(refusedFields('Unrecognized request argument supplied: top_p', sent)).toEqual(['top_p']);
    expect(refusedFields('temperature must be at most 2', sent)).toEqual([]);
    expect(refusedFields('body.messages: Field required', sent)).toEqual([]);
    expect(refusedFields('unknown field `seed`', ['model', 'messages'])).toEqual([]);
  });

  it('does not take the fields a message lists as accepted, or a bad value beside a refusal, for refused', () => {
    const sent = ['model', 'messages', 'stream', 'stream_options', 'seed', 'top_p', 'max_tokens', 'temperature'];
    const tgi = 'Failed to deserialize the JSON body into the target type: unknown field `seed`, expected one of `model`, `temperature`, `top_p`, `max_tokens`, `stream_options` at line 1 column 9';
    expect(refusedFields(tgi, sent)).toEqual(['seed']);
    expect(refusedFields('body.seed: Extra inputs are not permitted; body.temperature: Input should be less than or equal to 2', sent)).toEqual(['seed']);
    expect(refusedFields("create_chat_completion() got an unexpected keyword argument 'seed'", sent)).toEqual(['seed']);
    expect(refusedFields('Invalid JSON payload received. Unknown name "seed": Cannot find field.', sent)).toEqual(['seed']);
    expect(refusedFields('seed is not a valid parameter', sent)).toEqual(['seed']);
  });

  it("takes the field from OpenAI's `param` when the message does not name it", () => {
    const body = '{"error":{"message":"Unsupported parameter.","type":"invalid_request_error","param":"seed","code":"unsupported_parameter"}}';
    expect(namedParams(body)).toEqual(['seed']);
    expect(refusedFields(serverMessage(body), ['model', 'seed', 'temperature'], namedParams(body))).toEqual(['seed']);
    // A bad value for a named param is not a refusal.
    const value = '{"error":{"message":"Invalid value for temperature: must be <= 2","param":"temperature"}}';
    expect(refusedFields(serverMessage(value), ['model', 'seed', 'temperature'], namedParams(value))).toEqual([]);
  });

  it('tells a refusal that names no field from other 400s', () => {
    expect(isFieldRefusal('Extra inputs are not permitted')).toBe(true);
    expect(isFieldRefusal('Bad request')).toBe(false);
    expect(isFieldRefusal("This model's maximum context length is 4096 tokens; extra inputs are not permitted")).toBe(false);
  });
});

describe('isTransientReport', () => {
  it('reads rate limits, overloads and 5xx from the error shapes servers stream', () => {
    expect(isTransientReport({ error: { code: 429, message: 'Rate limit exceeded' } })).toBe(true); // OpenRouter
    expect(isTransientReport({ error: { message: 'litellm.InternalServerError', code: '500' } })).toBe(true); // LiteLLM
    expect(isTransientReport({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toBe(true); // Anthropic-style
    expect(isTransientReport({ object: 'error', message: 'engine dead', code: 503 })).toBe(true); // vLLM
  });
  it('leaves out refusals and errors that name no status', () => {
    expect(isTransientReport({ error: { code: 400, message: 'bad request' } })).toBe(false);
    expect(isTransientReport({ error: { code: 'context_length_exceeded', message: 'too long' } })).toBe(false);
    expect(isTransientReport({ error: 'Model unloaded.' })).toBe(false);
    expect(isTransientReport(undefined)).toBe(false);
  });
});

describe('what a refusal is about', () => {
  it('tells a token limit that does not fit beside the prompt from a prompt that does not fit', () => {
    expect(isTokenLimitOverflow("'max_tokens' or 'max_completion_tokens' is too large: 32768. This model's maximum context length is 32768 tokens and your request has 412 input tokens")).toBe(true);
    expect(isTokenLimitOverflow("This model's maximum context length is 8192 tokens. However, your messages resulted in 9113 tokens.")).toBe(false);
  });

  it('reads a used-up quota apart from a rate limit', () => {
    expect(isQuotaExhausted('You exceeded your current quota, please check your plan and billing details.')).toBe(true);
    expect(isQuotaExhausted('x', '{"error":{"type":"insufficient_quota"}}')).toBe(true);
    expect(isQuotaExhausted('Rate limit reached for requests (rate_limit_exceeded)')).toBe(false);
  });

  it('reads a model still loading apart from other 503s', () => {
    expect(isModelLoading('Loading model')).toBe(true);
    expect(isModelLoading('Model mistralai/Mistral-7B is currently loading')).toBe(true);
    expect(isModelLoading('Service Unavailable')).toBe(false);
    expect(isModelLoading('an HTML page: 503 Service Temporarily Unavailable')).toBe(false);
    // A load that failed is no reason to wait.
    expect(isModelLoading('llama runner process has terminated: exit status 1: error loading model: llama_model_loader: failed to load model from /m.gguf')).toBe(false);
    expect(isModelLoading('Failed to load model \'Qwen3-0.6B-GGUF\': llama-server failed to start')).toBe(false);
  });

  it('reads a loading model in a 200 body or stream event, in each server\'s shape', () => {
    expect(isLoadingReport({ error: { code: 503, message: 'Loading model', type: 'unavailable_error' } })).toBe(true);
    expect(isLoadingReport({ error: 'Model m is currently loading', estimated_time: 20.5 })).toBe(true);
    expect(isLoadingReport('{"error": {"message": "Model is still loading, please retry"}}')).toBe(true);
    expect(isLoadingReport({ error: { message: 'Overloaded', type: 'overloaded_error' } })).toBe(false);
    expect(isLoadingReport({ error: 'error loading model: unexpectedly reached end of file' })).toBe(false);
    expect(isLoadingReport(undefined)).toBe(false);
    expect(loadingEstimateMs({ error: 'Model m is currently loading', estimated_time: 20.5 })).toBe(20_500);
    expect(loadingEstimateMs('{"error": {"message": "Loading model"}}')).toBeUndefined();
  });
});
