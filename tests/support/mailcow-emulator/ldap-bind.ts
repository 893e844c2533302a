// The LDAP branch of the identity-provider test route: LdapRecord's connect(), i.e. a simple bind as the
// configured user over ldap:// (optionally upgraded with StartTLS) or ldaps://, trying the hosts in order
// while a host cannot be reached, and failing at once when a reachable server refuses the bind.
import net from "node:net";
import tls from "node:tls";

export interface LdapBindOptions {
  hosts: readonly string[];
  port: number;
  useSsl: boolean;
  useTls: boolean;
  insecure: boolean;
  bindDn: string;
  password: string;
  /** LdapRecord's default network timeout is 5 s. */
  timeoutMs: number;
  signal?: AbortSignal;
}

const START_TLS_OID = "1.3.6.1.4.1.1466.20037";

function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), berLength(value.length), value]);
}

function ldapMessage(messageId: number, protocolOp: Buffer): Buffer {
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([messageId])), protocolOp]));
}

export function bindRequest(messageId: number, bindDn: string, password: string): Buffer {
  const body = Buffer.concat([
    tlv(0x02, Buffer.from([3])),
    tlv(0x04, Buffer.from(bindDn, "utf8")),
    tlv(0x80, Buffer.from(password, "utf8")),
  ]);
  return ldapMessage(messageId, tlv(0x60, body));
}

function startTlsRequest(messageId: number): Buffer {
  return ldapMessage(messageId, tlv(0x77, tlv(0x80, Buffer.from(START_TLS_OID, "ascii"))));
}

interface Tlv {
  tag: number;
  valueStart: number;
  end: number;
}

function readTlv(buffer: Buffer, offset: number): Tlv | undefined {
  if (offset + 2 > buffer.length) return undefined;
  const tag = buffer[offset];
  let length = buffer[offset + 1];
  let valueStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || valueStart + count > buffer.length) return undefined;
    length = buffer.subarray(valueStart, valueStart + count).reduce((total, byte) => total * 256 + byte, 0);
    valueStart += count;
  }
  const end = valueStart + length;
  return end <= buffer.length ? { tag, valueStart, end } : undefined;
}

/** The resultCode of a complete LDAPMessage in `buffer`, or undefined while more bytes are needed. */
export function ldapResultCode(buffer: Buffer): number | undefined {
  const message = readTlv(buffer, 0);
  if (!message || message.tag !== 0x30) return undefined;
  const messageId = readTlv(buffer, message.valueStart);
  const op = messageId && readTlv(buffer, messageId.end);
  const result = op && readTlv(buffer, op.valueStart);
  if (!result || result.tag !== 0x0a) return -1;
  return buffer[result.valueStart];
}

class Unreachable extends Error {}

/** Sends one request and resolves with the result code of the reply. Network trouble rejects with Unreachable. */
function exchange(socket: net.Socket, request: Buffer, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onFailure);
      socket.off("close", onFailure);
    };
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk]);
      const code = ldapResultCode(received);
      if (code === undefined) return;
      cleanup();
      resolve(code);
    };
    const onFailure = (): void => {
      cleanup();
      reject(new Unreachable("LDAP server closed the connection"));
    };
    const timer = setTimeout(onFailure, timeoutMs);
    socket.on("data", onData);
    socket.on("error", onFailure);
    socket.on("close", onFailure);
    socket.write(request);
  });
}

function connect(host: string, options: LdapBindOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.useSsl
      ? tls.connect({
          host,
          port: options.port,
          servername: net.isIP(host) ? undefined : host,
          rejectUnauthorized: !options.insecure,
        })
      : net.connect({ host, port: options.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Unreachable("connect timeout"));
    }, options.timeoutMs);
    socket.once(options.useSsl ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      socket.off("error", onError);
      resolve(socket);
    });
    const onError = (): void => {
      clearTimeout(timer);
      reject(new Unreachable("cannot contact LDAP server"));
    };
    socket.once("error", onError);
  });
}

function upgradeToTls(socket: net.Socket, host: string, options: LdapBindOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: !options.insecure,
    });
    secure.once("secureConnect", () => {
      secure.off("error", reject);
      resolve(secure);
    });
    secure.once("error", reject);
  });
}

async function bindOnHost(host: string, options: LdapBindOptions): Promise<boolean> {
  let socket = await connect(host, options);
  const abort = (): void => void socket.destroy();
  options.signal?.addEventListener("abort", abort);
  try {
    let messageId = 1;
    if (options.useTls) {
      if ((await exchange(socket, startTlsRequest(messageId++), options.timeoutMs)) !== 0) return false;
      socket = await upgradeToTls(socket, host, options);
    }
    return (await exchange(socket, bindRequest(messageId, options.bindDn, options.password), options.timeoutMs)) === 0;
  } finally {
    options.signal?.removeEventListener("abort", abort);
    socket.destroy();
  }
}

/** True when a simple bind succeeds on the first reachable host. */
export async function ldapBind(options: LdapBindOptions): Promise<boolean> {
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) return false;
  for (const host of options.hosts) {
    if (options.signal?.aborted) return false;
    try {
      return await bindOnHost(host, options);
    } catch (error) {
      if (error instanceof Unreachable) continue;
      return false;
    }
  }
  return false;
}
