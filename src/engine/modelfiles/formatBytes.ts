// Byte counts in words for messages (no dependencies, so the editor side can use it).
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "unknown";
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `${Math.max(1, Math.round(n / 1024))} KiB`;
}
