// Which model wrote which characters of accepted suggestions, kept on the right characters while the
// document is edited. Pure (no vscode import): offsets in, offsets out.
//
// Edit rules, for a token covering [start, end) and an edit replacing [at, at + removed) with `inserted`
// characters:
// - an edit that ends at or before the token's start shifts it (an insert right at its start too);
// - an edit that starts at or after its end leaves it alone (an insert right at its end too);
// - otherwise the changed characters lose their colour: what is left before the edit and what is left
//   after it stay, so an edit inside a token splits it in two, and a token entirely replaced vanishes.
import type { AcceptedCompletion } from "../../completion/events";
import type { ModelRole, TokenEvent } from "../../engine/types";

export interface TokenInfo {
  model: ModelRole;
  /** Writer's entropy, bits. */
  entropy: number;
  /** The rolling mean (bits) the switch decision at this token compared with the threshold. */
  rolling: number;
  /** The stability rule that kept this writer against the threshold, if one did. */
  heldBy?: TokenEvent["heldBy"];
  /** Threshold in force when the completion was made. */
  threshold: number;
  /** The token's text as written (before any later edit). */
  text: string;
  /** Rollback: the small-model token this one replaced, and the probability the large model gave it. */
  replaced?: { text: string; probability: number };
}

export interface TrackedRange {
  start: number;
  end: number;
  info: TokenInfo;
}

/** One edit, as in a vscode TextDocumentContentChangeEvent: offsets in the document before the edit. */
export interface TextEdit {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** Applies one edit to ranges sorted by start; returns new ranges (sorted, none empty). */
export function applyEdit(ranges: readonly TrackedRange[], edit: TextEdit): TrackedRange[] {
  const at = edit.rangeOffset;
  const editEnd = at + edit.rangeLength;
  const inserted = edit.text.length;
  const delta = inserted - edit.rangeLength;
  const out: TrackedRange[] = [];
  for (const r of ranges) {
    if (editEnd <= r.start) {
      // Entirely after the edit (an insert at the start pushes the token along).
      out.push(delta === 0 ? r : { start: r.start + delta, end: r.end + delta, info: r.info });
    } else if (at >= r.end) {
      out.push(r);
    } else {
      if (at > r.start) out.push({ start: r.start, end: at, info: r.info });
      if (editEnd < r.end) out.push({ start: at + inserted, end: r.end + delta, info: r.info });
    }
  }
  return out;
}

/** Applies edits in order; each edit's offsets refer to the document after the ones before it. */
export function applyEdits(ranges: readonly TrackedRange[], edits: readonly TextEdit[]): TrackedRange[] {
  let current = ranges as TrackedRange[];
  for (const edit of edits) current = applyEdit(current, edit);
  return current;
}

/** Replaces \n (and \r\n) in `text` with the document's line ending. */
export function withEol(text: string, eol: "\n" | "\r\n"): string {
  return eol === "\n" ? text.replace(/\r\n/g, "\n") : text.replace(/\r?\n/g, "\r\n");
}

/**
 * Where the inserted text starts in the tokens' concatenated text. The tokens' texts concatenate to at
 * least the inserted text; a partial accept (next word) or typed-through characters start it later.
 * `tokenStart` is the document offset where an earlier accept of the same tokens found them to start:
 * it places consecutive partial accepts exactly; without it the first occurrence is taken.
 */
export function alignment(accepted: AcceptedCompletion, eol: "\n" | "\r\n" = "\n", tokenStart?: number): number {
  const text = withEol(accepted.text, eol);
  const joined = accepted.tokens.map((t) => withEol(t.text, eol)).join("");
  if (tokenStart !== undefined) {
    const hinted = accepted.offset - tokenStart;
    if (hinted >= 0 && joined.startsWith(text, hinted)) return hinted;
  }
  const found = joined.indexOf(text);
  return found < 0 ? 0 : found;
}

/**
 * Ranges of the tokens of an accepted suggestion, in document offsets (see `alignment` for where the
 * inserted text starts among the tokens). Tokens beyond the inserted text are cut off; empty tokens
 * (incomplete multi-byte characters) get no range.
 */
export function rangesFromAccepted(accepted: AcceptedCompletion, eol: "\n" | "\r\n" = "\n", tokenStart?: number): TrackedRange[] {
  if (accepted.rawIndex && accepted.rawIndex.length === accepted.text.length) return rangesFromMap(accepted, eol);
  const text = withEol(accepted.text, eol);
  const pieces = accepted.tokens.map((t) => withEol(t.text, eol));
  const out: TrackedRange[] = [];
  let pos = -alignment(accepted, eol, tokenStart);
  accepted.tokens.forEach((token: TokenEvent, i) => {
    const from = Math.max(0, pos);
    pos += pieces[i].length;
    const to = Math.min(text.length, pos);
    if (to > from) {
      out.push({
        start: accepted.offset + from,
        end: accepted.offset + to,
        info: tokenInfo(token, accepted.threshold),
      });
    }
  });
  return out;
}

/** What the hover shows for a token: both placements (plain and through the offset map) keep all of it. */
function tokenInfo(token: TokenEvent, threshold: number): TokenInfo {
  return {
    model: token.model,
    entropy: token.entropy,
    rolling: token.rolling,
    threshold,
    text: token.text,
    ...(token.heldBy ? { heldBy: token.heldBy } : {}),
    ...(token.replaces ? { replaced: { text: token.replaces.text, probability: token.replaces.probability } } : {}),
  };
}

/**
 * Ranges of an accepted suggestion placed through its offset map (`rawIndex`): each character gets the
 * token that wrote it in the raw text; characters post-processing added get none.
 */
function rangesFromMap(accepted: AcceptedCompletion, eol: "\n" | "\r\n"): TrackedRange[] {
  const rawIndex = accepted.rawIndex!;
  // Where each token starts in the raw text (the tokens' texts concatenated).
  const starts: number[] = [];
  let end = 0;
  for (const t of accepted.tokens) {
    starts.push(end);
    end += t.text.length;
  }
  const tokenAt = (raw: number): number => {
    if (raw < 0 || raw >= end) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= raw) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const out: TrackedRange[] = [];
  let pos = accepted.offset;
  let open: { token: number; start: number } | undefined;
  const close = () => {
    if (open && pos > open.start) {
      const token = accepted.tokens[open.token];
      out.push({
        start: open.start,
        end: pos,
        info: tokenInfo(token, accepted.threshold),
      });
    }
    open = undefined;
  };
  for (let i = 0; i < accepted.text.length; i++) {
    const token = tokenAt(rawIndex[i]);
    // A new range where the token changes (shown characters are contiguous in the document).
    if (open?.token !== token) {
      close();
      if (token >= 0) open = { token, start: pos };
    }
    pos += accepted.text[i] === "\n" && eol === "\r\n" ? 2 : 1;
  }
  close();
  return out;
}

/** Removes the parts of `existing` that `incoming` covers, then merges (sorted by start). */
export function overlay(existing: readonly TrackedRange[], incoming: readonly TrackedRange[]): TrackedRange[] {
  if (incoming.length === 0) return [...existing];
  const lo = incoming[0].start;
  const hi = incoming[incoming.length - 1].end;
  const kept: TrackedRange[] = [];
  for (const r of existing) {
    if (r.end <= lo || r.start >= hi) kept.push(r);
    else {
      if (r.start < lo) kept.push({ start: r.start, end: lo, info: r.info });
      if (r.end > hi) kept.push({ start: hi, end: r.end, info: r.info });
    }
  }
  return [...kept, ...incoming].sort((a, b) => a.start - b.start);
}

/** The range containing `offset` (a hover at a token's end, right after its last character, counts too). */
export function rangeAt(ranges: readonly TrackedRange[], offset: number): TrackedRange | undefined {
  let after: TrackedRange | undefined;
  for (const r of ranges) {
    if (offset >= r.start && offset < r.end) return r;
    if (offset === r.end) after = r;
  }
  return after;
}

/** Tracked ranges of every open document, with a cap on how many each document keeps. */
export class ProvenanceStore {
  private readonly docs = new Map<string, TrackedRange[]>();

  constructor(private readonly maxPerDocument = 20000) {}

  get(uri: string): readonly TrackedRange[] {
    return this.docs.get(uri) ?? [];
  }

  uris(): string[] {
    return [...this.docs.keys()];
  }

  add(uri: string, ranges: readonly TrackedRange[]): void {
    let next = overlay(this.get(uri), ranges);
    if (next.length > this.maxPerDocument) {
      // Keep the newest suggestion's ranges and the ones nearest to it.
      const center = ranges.length ? ranges[0].start : 0;
      next = [...next]
        .sort((a, b) => Math.abs(a.start - center) - Math.abs(b.start - center))
        .slice(0, this.maxPerDocument)
        .sort((a, b) => a.start - b.start);
    }
    this.set(uri, next);
  }

  /** Applies a document's edits; returns whether any tracked range changed. */
  edit(uri: string, edits: readonly TextEdit[]): boolean {
    const before = this.docs.get(uri);
    if (!before || before.length === 0) return false;
    const after = applyEdits(before, edits);
    const changed = after.length !== before.length || after.some((r, i) => r !== before[i]);
    if (changed) this.set(uri, after);
    return changed;
  }

  clear(uri?: string): void {
    if (uri === undefined) this.docs.clear();
    else this.docs.delete(uri);
  }

  at(uri: string, offset: number): TrackedRange | undefined {
    return rangeAt(this.get(uri), offset);
  }

  private set(uri: string, ranges: TrackedRange[]): void {
    if (ranges.length === 0) this.docs.delete(uri);
    else this.docs.set(uri, ranges);
  }
}
