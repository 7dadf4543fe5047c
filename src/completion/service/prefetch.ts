// Pre-fetch: generate the completion for a context ahead of the editor asking (after an accepted
// suggestion, the text that follows it), so that the editor's request finds it running or cached.
import type { PreparedQuery } from "./generate";
import type { ResultCache } from "./resultCache";
import type { GenerationJob, RequestScheduler } from "./scheduler";

export async function prefetchCompletion(
  prepared: PreparedQuery,
  cache: ResultCache,
  scheduler: RequestScheduler,
  job: (p: PreparedQuery) => GenerationJob,
  stale: () => boolean,
): Promise<void> {
  // Nothing to do when the answer is known or on its way.
  if (cache.has(prepared.key) || scheduler.runningKey() === prepared.key) return;
  await scheduler.prefetch(job(prepared), stale);
}
