// API-key authentication as in mailcow's sessions.inc.php: key sanitising, the `api` table lookup,
// the allow_from IP list (ip_acl()) and the two 401 bodies.
import { randomBytes } from "node:crypto";
import { toInt } from "./php";

export type ApiAccess = "rw" | "ro";

/** One row of mailcow's `api` table. */
export interface ApiKeyRow {
  apiKey: string;
  access: ApiAccess;
  allowFrom: string;
  skipIpCheck: boolean;
}

export type AuthOutcome =
  { kind: "anonymous" } | { kind: "authenticated"; access: ApiAccess } | { kind: "rejected"; msg: string };

/** The admin UI's key format: five groups of six upper-case hex digits. */
export function generateApiKey(): string {
  const hex = randomBytes(15).toString("hex").toUpperCase();
  return hex.match(/.{6}/g)!.join("-");
}

/** preg_replace('/[^a-zA-Z0-9-]/', '', $key). */
export function sanitizeApiKey(raw: string): string {
  return raw.replace(/[^a-zA-Z0-9-]/g, "");
}

const TRIM_CHARACTERS = " \t\n\r\0\x0B";

/** PHP's trim(): strips spaces, tabs, newlines, NUL and vertical tabs at both ends. */
function phpTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && TRIM_CHARACTERS.includes(text[start])) start++;
  while (end > start && TRIM_CHARACTERS.includes(text[end - 1])) end--;
  return text.slice(start, end);
}

/** array_map('trim', preg_split("/( |,|;|\n)/", $allow_from)). */
export function splitAllowFrom(allowFrom: string): string[] {
  return allowFrom.split(/[ ,;\n]/).map(phpTrim);
}

function ipv4Bytes(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes = parts.map((part) => (/^(0|[1-9][0-9]{0,2})$/.test(part) ? Number(part) : 256));
  return bytes.every((byte) => byte <= 255) ? bytes : null;
}

function ipv6Bytes(text: string): number[] | null {
  let head = text;
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    // An embedded IPv4 tail ("::ffff:192.0.2.1") stands for the last two groups.
    const v4 = ipv4Bytes(last);
    if (!v4) return null;
    head = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const groups = part.split(":");
    if (!groups.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return null;
    return groups.flatMap((group) => {
      const value = parseInt(group, 16);
      return [value >> 8, value & 0xff];
    });
  };
  const left = parse(halves[0]);
  const right = halves.length === 2 ? parse(halves[1]) : [];
  if (!left || !right) return null;
  const total = left.length + right.length;
  if (halves.length === 1) return total === 16 ? left : null;
  if (total > 14) return null;
  return [...left, ...new Array<number>(16 - total).fill(0), ...right];
}

/** inet_pton(): 4 or 16 bytes, or null for anything that is not a plain IPv4/IPv6 address. */
export function inetPton(text: string): number[] | null {
  if (text.includes(":")) return ipv6Bytes(text);
  return ipv4Bytes(text);
}

/** mailcow's ip_acl(): exact string match for plain IPs, byte-masked match for CIDRs. */
export function ipAcl(ip: string, networks: readonly string[]): boolean {
  for (const network of networks) {
    if (inetPton(network) !== null) {
      if (ip === network) return true;
      continue;
    }
    const ipBytes = inetPton(ip);
    if (!ipBytes) continue;
    const [base, mask] = network.split("/");
    const baseBytes = inetPton(base);
    if (!baseBytes || baseBytes.length !== ipBytes.length) continue;
    // (int)"x" is 0 and a negative prefix skips the loop, so both match everything, as in PHP.
    // Past the address length both sides read as 0 bytes, so capping the prefix changes nothing but the run time.
    let bits = mask === undefined ? ipBytes.length * 8 : Math.min(Number(toInt(mask)), 136);
    let matches = true;
    for (let index = 0; bits > 0; index++, bits -= 8) {
      const byteMask = bits < 8 ? 0xff ^ ((1 << (8 - bits)) - 1) : 0xff;
      if ((((ipBytes[index] ?? 0) ^ (baseBytes[index] ?? 0)) & byteMask) !== 0) {
        matches = false;
        break;
      }
    }
    if (matches) return true;
  }
  return false;
}

/** sessions.inc.php: no key (an empty header or "0" counts as none) continues anonymously; a bad key or IP is a 401. */
export function authenticate(
  headerValue: string | undefined,
  rows: readonly ApiKeyRow[],
  remoteAddress: string,
): AuthOutcome {
  if (headerValue === undefined || headerValue === "" || headerValue === "0") return { kind: "anonymous" };
  const key = sanitizeApiKey(headerValue).toLowerCase();
  // The `api` table uses a case-insensitive collation, so the lookup ignores case.
  const row = key === "" ? undefined : rows.find((candidate) => candidate.apiKey.toLowerCase() === key);
  if (!row) return { kind: "rejected", msg: "authentication failed" };
  if (row.skipIpCheck || ipAcl(remoteAddress, splitAllowFrom(row.allowFrom))) {
    return { kind: "authenticated", access: row.access };
  }
  return { kind: "rejected", msg: `api access denied for ip ${remoteAddress}` };
}
