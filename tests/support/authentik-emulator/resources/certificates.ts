// crypto/certificatekeypairs/ (authentik/crypto/api.py), read side: list and retrieve never carry key material;
// the certificate and the private key come only from view_certificate/ and view_private_key/.
import { type ApiRequest, type ApiResponse, json, notFound } from "../http-types";
import { booleanParam, multiParam } from "../pagination";
import { type ResourceSpec, resourceHandlers } from "../resource";
import type { CertificateKeyPairRow } from "../types";
import { normaliseUuid } from "../validation";

export function serializeCertificate(pair: CertificateKeyPairRow, _request?: ApiRequest) {
  const base = `/api/v3/crypto/certificatekeypairs/${pair.pk}`;
  return {
    pk: pair.pk,
    name: pair.name,
    fingerprint_sha256: pair.fingerprint_sha256,
    fingerprint_sha1: pair.fingerprint_sha1,
    cert_expiry: pair.cert_expiry,
    cert_subject: pair.cert_subject,
    private_key_available: pair.key_data !== "",
    key_type: pair.key_type,
    certificate_download_url: `${base}/view_certificate/?download`,
    private_key_download_url: `${base}/view_private_key/?download`,
    managed: pair.managed,
  };
}

const lookup = (store: ApiRequest["store"], pk: string): CertificateKeyPairRow | undefined => {
  const id = normaliseUuid(pk);
  return id === undefined ? undefined : store.certificates.get(id);
};

export const certificateSpec: ResourceSpec<CertificateKeyPairRow> = {
  model: "CertificateKeyPair",
  rows: (store) => [...store.certificates.values()],
  lookup,
  serialize: serializeCertificate,
  filter: (rows, { query }) => {
    const hasKey = booleanParam(query, "has_key");
    const keyTypes = multiParam(query, "key_type");
    return rows.filter(
      (pair) =>
        (!query.has("name") || pair.name === query.get("name")) &&
        (!query.has("managed") || pair.managed === query.get("managed")) &&
        (hasKey !== true || pair.key_data !== "") &&
        (keyTypes.length === 0 || keyTypes.includes(pair.key_type)),
    );
  },
  searchFields: [(pair) => pair.name],
  ordering: ["name"],
};

export const certificateHandlers = resourceHandlers(certificateSpec, "kp_uuid");

/** The PEM without its final newline (the provider appends one when it stores it). */
const data = (pem: string): ApiResponse => json(200, { data: pem.replace(/\n$/, "") });

export function viewCertificate(request: ApiRequest): ApiResponse {
  const pair = lookup(request.store, request.params.kp_uuid);
  return pair ? data(pair.certificate_data) : notFound("CertificateKeyPair");
}

export function viewPrivateKey(request: ApiRequest): ApiResponse {
  const pair = lookup(request.store, request.params.kp_uuid);
  return pair ? data(pair.key_data) : notFound("CertificateKeyPair");
}
