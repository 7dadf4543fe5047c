// Splits a server-sent-events byte stream into complete, trimmed lines (llama-server streams
// `data: {json}` lines): bytes are decoded as UTF-8 across chunk boundaries and a partial line waits
// for the rest. Used by the remote lane and by the replay's llama-server peer.

export class SseLines {
  private buffer = "";
  private readonly decoder = new TextDecoder();

  /** The lines that `chunk` completes. */
  push(chunk: Uint8Array): string[] {
    this.buffer += this.decoder.decode(chunk, { stream: true });
    const lines: string[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf("\n")) >= 0) {
      lines.push(this.buffer.slice(0, newline).trim());
      this.buffer = this.buffer.slice(newline + 1);
    }
    return lines;
  }
}
