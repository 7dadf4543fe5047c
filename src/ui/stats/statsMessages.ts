// Messages the stats webview may send, validated field by field before the extension acts on them.
export type StatsMessage = { type: "ready" } | { type: "reset" } | { type: "openSettings" };

export function validateStatsMessage(raw: unknown): { ok: true; message: StatsMessage } | { ok: false; error: string } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, error: "message is not an object" };
  const msg = raw as Record<string, unknown>;
  const extra = Object.keys(msg).filter((k) => k !== "type");
  if (extra.length) return { ok: false, error: `unexpected field(s) ${extra.join(", ")}` };
  if (msg.type === "ready" || msg.type === "reset" || msg.type === "openSettings") return { ok: true, message: { type: msg.type } };
  return { ok: false, error: `unknown message type ${JSON.stringify(msg.type)}` };
}
