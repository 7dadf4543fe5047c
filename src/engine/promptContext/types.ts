// The context of one request: plain data, shared by the engine, the host protocol and the editor side.

/** A piece of code from elsewhere in the project, put before the FIM prompt. */
export interface ContextChunk { path: string; text: string }
/** Repository-level context of one request. */
export interface PromptContext {
  /** The repository (workspace folder or package) name, written after <|repo_name|>. */
  repo?: string;
  /** The current file's path relative to its repository, written before its prefix. */
  path?: string;
  /** Chunks, oldest first (new ones appended, so a change re-evaluates only from the first changed chunk). */
  chunks: readonly ContextChunk[];
  /** Upper bound on the tokens the context block may take (the prompt as a whole still fits the model). */
  maxTokens?: number;
}
