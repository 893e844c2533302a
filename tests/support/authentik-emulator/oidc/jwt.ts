// Token signing as OAuth2Provider.jwt_key/encode do it: HS256 with the client secret when the provider has no
// signing key, RS256 or ES256 with the key pair's private key (kid = md5 of the key PEM) otherwise; and the JWK
// JWKSView publishes for a key pair.
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { md5Hex } from "../ids";
import type { CertificateKeyPairRow, OAuth2ProviderRow } from "../types";

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export function signingAlgorithm(provider: OAuth2ProviderRow, key: CertificateKeyPairRow | undefined): string {
  if (!provider.signing_key || !key) return "HS256";
  return key.key_type === "rsa" ? "RS256" : "ES256";
}

export function encodeJwt(
  payload: Record<string, unknown>,
  provider: OAuth2ProviderRow,
  key: CertificateKeyPairRow | undefined,
): string {
  const alg = signingAlgorithm(provider, key);
  const header: Record<string, string> = { alg, typ: "JWT" };
  if (alg !== "HS256" && key) header.kid = md5Hex(key.key_data);
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  let signature: Buffer;
  if (alg === "HS256") signature = createHmac("sha256", provider.client_secret).update(input).digest();
  else {
    const privateKey = createPrivateKey(key!.key_data);
    signature = sign(
      "sha256",
      Buffer.from(input),
      alg === "ES256" ? { key: privateKey, dsaEncoding: "ieee-p1363" } : privateKey,
    );
  }
  return `${input}.${b64url(signature)}`;
}

function certificateDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}

/** JWKSView.get_jwk_for_key for a signing ("sig") or encryption ("enc") key. */
export function jwkFor(key: CertificateKeyPairRow, use: "sig" | "enc"): Record<string, unknown> {
  const publicJwk = createPublicKey(key.key_data).export({ format: "jwk" }) as Record<string, unknown>;
  const der = certificateDer(key.certificate_data);
  const algorithm =
    use === "enc" ? { alg: "RSA-OAEP-256", enc: "A256CBC-HS512" } : { alg: key.key_type === "rsa" ? "RS256" : "ES256" };
  const material =
    publicJwk.kty === "RSA"
      ? { kty: "RSA", use, n: publicJwk.n, e: publicJwk.e }
      : { kty: "EC", use, x: publicJwk.x, y: publicJwk.y, crv: publicJwk.crv };
  return {
    ...algorithm,
    kid: md5Hex(key.key_data),
    ...material,
    x5c: [der.toString("base64")],
    x5t: b64url(createHash("sha1").update(der).digest()),
    "x5t#S256": b64url(createHash("sha256").update(der).digest()),
  };
}
