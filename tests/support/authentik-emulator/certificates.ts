// X.509 v3 certificates made at run time (no key material in the repository): the TLS certificate the emulator
// serves (with subjectAltName, which Go's verifier insists on) and the key pairs authentik keeps in its database.
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : n < 0x10000
          ? Buffer.from([0x82, n >> 8, n & 0xff])
          : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  return der(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z", "ascii"));
}

const NAME_OIDS = { CN: "2.5.4.3", O: "2.5.4.10", OU: "2.5.4.11" } as const;
type NamePart = [keyof typeof NAME_OIDS, string];

const encodeName = (parts: NamePart[]): Buffer =>
  seq(...parts.map(([key, value]) => der(0x31, seq(oid(NAME_OIDS[key]), der(0x0c, Buffer.from(value, "utf8"))))));

/** Python cryptography's rfc4514_string(): attributes in reverse order. */
const rfc4514 = (parts: NamePart[]): string =>
  [...parts]
    .reverse()
    .map(([key, value]) => `${key}=${value}`)
    .join(",");

function extensions(altNames: { dns: string[]; ips: string[] }): Buffer {
  const general = [
    ...altNames.dns.map((name) => der(0x82, Buffer.from(name, "ascii"))),
    ...altNames.ips.map((ip) => der(0x87, Buffer.from(ip.split(".").map(Number)))),
  ];
  const san = seq(oid("2.5.29.17"), der(0x04, seq(...general)));
  const basicConstraints = seq(
    oid("2.5.29.19"),
    der(0x01, Buffer.from([0xff])),
    der(0x04, seq(der(0x01, Buffer.from([0xff])))),
  );
  return der(0xa3, seq(basicConstraints, ...(general.length > 0 ? [san] : [])));
}

const colonHex = (digest: Buffer): string => digest.toString("hex").match(/../g)!.join(":");

export interface GeneratedCertificate {
  certPem: string;
  keyPem: string;
  keyType: "rsa" | "ec";
  /** rfc4514 subject, as authentik's cert_subject shows it. */
  subject: string;
  notAfter: string;
  fingerprintSha256: string;
  fingerprintSha1: string;
  der: Buffer;
}

export interface CertificateOptions {
  subject: NamePart[];
  keyType: "rsa" | "ec";
  validDays: number;
  dnsNames?: string[];
  ipAddresses?: string[];
}

export function generateCertificate(options: CertificateOptions): GeneratedCertificate {
  const { publicKey, privateKey } =
    options.keyType === "rsa"
      ? generateKeyPairSync("rsa", { modulusLength: 2048 })
      : generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const algorithm =
    options.keyType === "rsa"
      ? seq(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]))
      : seq(oid("1.2.840.10045.4.3.2"));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const now = Date.now();
  const notAfter = new Date(now + options.validDays * 86_400_000);
  const name = encodeName(options.subject);
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([0x02]))),
    der(0x02, serial),
    algorithm,
    name,
    seq(utcTime(new Date(now - 86_400_000)), utcTime(notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
    extensions({ dns: options.dnsNames ?? [], ips: options.ipAddresses ?? [] }),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificate = seq(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificate.toString("base64").replace(/.{64}/g, "$&\n");
  return {
    certPem: `-----BEGIN CERTIFICATE-----\n${base64}${base64.endsWith("\n") ? "" : "\n"}-----END CERTIFICATE-----\n`,
    keyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    keyType: options.keyType,
    subject: rfc4514(options.subject),
    notAfter: new Date(Math.floor(notAfter.getTime() / 1000) * 1000).toISOString(),
    fingerprintSha256: colonHex(createHash("sha256").update(certificate).digest()),
    fingerprintSha1: colonHex(createHash("sha1").update(certificate).digest()),
    der: certificate,
  };
}

/** A one-day certificate for the emulator's own HTTPS listener, valid for localhost and 127.0.0.1. */
export function loopbackTlsCertificate(): { cert: string; key: string } {
  const generated = generateCertificate({
    subject: [["CN", "authentik emulator (stand-in)"]],
    keyType: "ec",
    validDays: 1,
    dnsNames: ["localhost"],
    ipAddresses: ["127.0.0.1"],
  });
  return { cert: generated.certPem, key: generated.keyPem };
}
