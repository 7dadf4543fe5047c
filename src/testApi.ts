// What activate() hands to other extensions: nothing. The API the integration tests drive reads
// completion text, reloads the engine and changes where models download from, so it exists only when
// VS Code runs the extension's own tests (ExtensionMode.Test). No vscode import: the caller says.

/** `make()` when the extension runs under its tests, otherwise undefined (built only then). */
export function apiInTestModeOnly<T>(testMode: boolean, make: () => T): T | undefined {
  return testMode ? make() : undefined;
}
