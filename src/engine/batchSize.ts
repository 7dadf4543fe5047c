/**
 * Tokens per prompt-evaluation chunk (llama.cpp's batch and micro-batch), for the editor and the command
 * line alike; also the granularity of cancellation during prefill. 256 evaluated the fixture pair's
 * large model's prompt fastest (10-18 % below 128, `ead prefill`, BENCHMARKS.md).
 */
export const PROMPT_BATCH_SIZE = 256;
