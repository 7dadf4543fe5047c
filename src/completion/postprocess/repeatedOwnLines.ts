// Stage: a model caught in a loop writes the same line again (`POSTGRES_DB: mydb` twice under the
// same key). The completion ends before a line that repeats the line right above it. Short lines
// (closers, `end`, `i++;`) repeat legitimately and are left alone.
import type { Stage } from "./context";

const MIN_REPEAT_CHARS = 5;

export const dropRepeatedOwnLines: Stage = (text) => {
  const lines = text.split("\n");
  let previous: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    if (line === previous && line.length >= MIN_REPEAT_CHARS && /[\p{L}\p{N}]/u.test(line)) return lines.slice(0, i).join("\n");
    previous = line;
  }
  return text;
};
