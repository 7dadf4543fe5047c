// Facts about a team-server URL that decide what may be sent to it: its origin (scheme, host, port:
// an API key belongs to the origin it was stored for) and whether plain http would cross the network
// (a host outside the loopback range). Pure; no vscode import.

/** "http://gpu-box:8012" for any URL on that scheme, host and port (default ports written out). */
export function serverOrigin(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : u.protocol === "http:" ? "80" : "");
  return `${u.protocol}//${u.hostname.toLowerCase()}${port ? `:${port}` : ""}`;
}

/** The host as written in the URL (brackets kept for IPv6), for messages. */
export function serverHost(url: string): string {
  return new URL(url).host;
}

/**
 * Whether `hostname` (as the URL parser leaves it: IPv4 in dotted form, IPv6 compressed in brackets)
 * always means this machine: localhost, 127.0.0.0/8, ::1 or IPv4-mapped 127.x.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host === "localhost") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === "[::1]") return true;
  // IPv4-mapped loopback: the URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/** Plain http to a host that is not this machine: code and key would cross the network unencrypted. */
export function isUnencryptedRemote(url: string): boolean {
  const u = new URL(url);
  return u.protocol === "http:" && !isLoopbackHost(u.hostname);
}
