// When each keystroke of a replayed session happens: a steady pace per character, a pause at line ends,
// a longer pause now and then, all drawn from a seed so that a run can be repeated exactly.
import { seededRandom } from "../seededRandom";

export interface TypingPace {
  /** Mean gap between characters, ms. */
  msPerChar: number;
  /** Gaps vary uniformly by this fraction either way. */
  jitter: number;
  /** Gap after a newline, ms. */
  lineEndMs: number;
  /** Chance that a character is followed by a longer pause (reading, thinking). */
  pauseChance: number;
  /** Mean length of such a pause, ms (drawn from 0.5x to 1.5x). */
  pauseMs: number;
  /** Wait before the first keystroke of a step (moving the cursor there), ms. */
  moveMs: number;
}

export const DEFAULT_PACE: TypingPace = { msPerChar: 70, jitter: 0.3, lineEndMs: 500, pauseChance: 0.03, pauseMs: 2000, moveMs: 800 };

/** The wait before each character of `text`, ms (the first is the move to the step's position). */
export function typingSchedule(text: string, seed: number, pace: TypingPace = DEFAULT_PACE): number[] {
  const random = seededRandom(seed);
  const gaps: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let gap: number;
    if (i === 0) gap = pace.moveMs;
    else if (text[i - 1] === "\n") gap = pace.lineEndMs;
    else gap = pace.msPerChar * (1 + pace.jitter * (2 * random() - 1));
    if (i > 0 && random() < pace.pauseChance) gap += pace.pauseMs * (0.5 + random());
    gaps.push(Math.round(gap));
  }
  return gaps;
}
