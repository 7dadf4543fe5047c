// Stage 1: one newline convention (the document's own is restored by VS Code on insert).
import type { Stage } from "./context";

export const normalizeNewlines: Stage = (text) => text.replace(/\r\n?/g, "\n");
