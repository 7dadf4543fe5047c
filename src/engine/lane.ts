// What the decoding modes need from a model: a lane keeps a cache equal to a prefix of the shared token
// sequence and advances it to a target, returning next-token distributions where asked. The local lane
// (localLane.ts) is a node-llama-cpp sequence; a remote one (a llama-server slot) implements the same.
import type { ModelRole } from "./types";

export interface NextToken {
  /** The greedy choice: the most probable token of the top-K distribution. */
  token: number;
  /** Entropy (bits) of the top-K distribution. */
  entropy: number;
  /** The top-K distribution itself (token -> probability), for judging tokens another model wrote (rollback). */
  probabilities: ReadonlyMap<number, number>;
}

export interface AdvanceOptions {
  /**
   * Distributions are returned after each of `target[outputsFrom..]`; the default,
   * `target.length - 1`, asks for the next position only.
   */
  outputsFrom?: number;
  /** Tokens of the distribution (its entropy is the switching signal). */
  topK: number;
  /** Stops between evaluation steps; what was evaluated before stays cached. */
  signal?: AbortSignal;
  /**
   * Greedy tokens the caller may go on taking from this lane after this one. A remote lane streams
   * that many ahead (saving a round trip per token) until `release`; a local lane ignores it.
   */
  readAhead?: number;
}

export interface AdvanceResult {
  /** Next-token data for each requested position, in order. */
  next: NextToken[];
  /** Tokens evaluated by this call. */
  evaluated: number;
  /** Tokens found already in the cache. */
  reused: number;
}

export interface Lane {
  readonly role: ModelRole;
  /** Tokens the lane's cache can hold. */
  readonly contextSize: number;
  /** Tokens currently cached: a prefix of the last target, or less after a cancel. */
  readonly cachedTokens: readonly number[];
  /** Tokens evaluated since the lane was made (prompt, catch-up and decode alike). */
  readonly evaluatedTokens: number;
  /** Time spent evaluating, ms: the rest of a decode loop is engine overhead. */
  readonly evaluationMs: number;
  /** Makes the cache hold `target`, reusing its common prefix, and returns the distributions asked for. */
  advance(target: readonly number[], options: AdvanceOptions): Promise<AdvanceResult>;
  /** The caller stops taking this lane's tokens for now: work ahead of it (a stream) stops. */
  release?(): void;
  /** Drops the whole cache (e.g. after an error left it in an unknown state). */
  reset(): Promise<void>;
  /** Frees what the lane holds (not the model). */
  dispose(): Promise<void>;
}
