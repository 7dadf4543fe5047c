// What to write when a panel or menu sets a setting: nothing (the key removed) when the value it would
// set is the one that applies without the key, so choosing the default never pins it into settings.json.
// Pure: no vscode import.
import { isDeepStrictEqual } from "node:util";

/** The levels of a setting as `WorkspaceConfiguration.inspect` reports them. */
export interface InspectedLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
}

export type WriteLevel = "user" | "workspace" | "workspaceFolder";

/** The value that applies at `level` once the key there is removed: the next level down, else the default. */
export function inheritedValue(inspected: InspectedLevels | undefined, level: WriteLevel): unknown {
  if (!inspected) return undefined;
  if (level === "workspaceFolder" && inspected.workspaceValue !== undefined) return inspected.workspaceValue;
  if (level !== "user" && inspected.globalValue !== undefined) return inspected.globalValue;
  return inspected.defaultValue;
}

/** `value`, or undefined (remove the key) when removing it gives the same value. */
export function valueToWrite(value: unknown, inspected: InspectedLevels | undefined, level: WriteLevel): unknown {
  if (value === undefined || !inspected) return value;
  return isDeepStrictEqual(value, inheritedValue(inspected, level)) ? undefined : value;
}
