// Why a model download failed, in words a user can act on: the machine seems offline (the server
// could not be reached at all), or what the server answered.

export interface DownloadFailure {
  kind: "offline" | "server" | "other";
  message: string;
}

// Errors of Node's sockets and resolver that mean the server was never reached.
const UNREACHABLE = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|EHOSTUNREACH|ENETDOWN|ETIMEDOUT|ECONNRESET|UND_ERR_CONNECT_TIMEOUT)\b|getaddrinfo|fetch failed|socket hang up|network (is )?unreachable/i;

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized (the model may need a login)",
  403: "Forbidden (the model may need a login or accepting its licence)",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** Every message along the error's `cause` chain (libraries wrap the socket error). */
function messages(error: unknown): string[] {
  const out: string[] = [];
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const err = e as { message?: unknown; code?: unknown; cause?: unknown };
    if (typeof err.message === "string") out.push(err.message);
    if (typeof err.code === "string") out.push(err.code);
    e = err.cause;
  }
  return out;
}

// What a reachable server says when it has no such file, fails, or stalls (the downloader library
// retries server errors itself, so a failing server shows as one that never starts sending).
const SERVER_SAID = /does not exist|not found|did not start sending|answering with errors|sent no data|\b[45]\d\d\b/i;

export function describeDownloadFailure(error: unknown): DownloadFailure {
  const all = messages(error);
  const text = all.join(" | ");
  const status = /\b(?:status(?: code)?|HTTP(?:\/\d(?:\.\d)?)?|answered|responded with)\D{0,12}([45]\d\d)\b/i.exec(text);
  if (status) {
    const code = Number(status[1]);
    return { kind: "server", message: `the server answered ${code} ${STATUS_TEXT[code] ?? ""}`.trimEnd() + ". Try again later, or select model files you have." };
  }
  if (UNREACHABLE.test(text)) {
    return { kind: "offline", message: "this machine seems to be offline (the server could not be reached). Check the connection and retry, or select model files you have." };
  }
  if (SERVER_SAID.test(text)) {
    // The detail after "Cannot download <uri>: " is the server's side of the story.
    const detail = (all[0] ?? "").replace(/^(Cannot download|Downloading) \S+( failed)?: /, "");
    return { kind: "server", message: `the server did not give the file: ${detail}` };
  }
  return { kind: "other", message: all[0] ?? String(error) };
}
