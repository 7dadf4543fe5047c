// The walkthrough's context keys and when a model pair counts as chosen. Pure: no vscode import.

/** A model pair is chosen: both model files, or the small one with a team server for the large one. */
export const MODELS_CHOSEN_KEY = "ead.walkthrough.modelsChosen";
/** A suggestion was shown in an editor this session. */
export const SUGGESTION_SHOWN_KEY = "ead.walkthrough.suggestionShown";

export function modelsChosen(get: (key: string) => unknown): boolean {
  const set = (key: string) => {
    const value = get(key);
    return typeof value === "string" && value.trim() !== "";
  };
  return set("smallModel") && (set("largeModel") || set("largeServer"));
}
