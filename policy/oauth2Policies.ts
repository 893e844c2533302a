// Resource policies for authentik OAuth2 providers (inputs of ProviderOauth2).
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { tokenValidityLimits, tokenValiditySchema, type TokenValidityLimits } from "./config";
import { DURATION_UNITS, formatDuration, parseDurationSeconds } from "./durations";
import { forType, PROVIDER_OAUTH2_TYPE } from "./resourceTypes";
import { describeUrl, parseUrl } from "./urls";
import { isSet, type Maybe, read, readList, readString, UNKNOWN } from "./values";

const STRICT_ENTRY = '{ matching_mode: "strict", url: "https://<mailcow host>", redirect_uri_type: "authorization" }';

function redirectEntryProblems(entry: unknown, index: number): string[] {
  const label = `allowedRedirectUris[${index}]`;
  if (entry === UNKNOWN) return [];
  if (entry === undefined || typeof entry !== "object") return [`${label} is not a map; use ${STRICT_ENTRY}.`];

  const mode = readString(entry, "matching_mode");
  if (mode === undefined) {
    // camelCase keys are a known trap: the Terraform provider reads only snake_case and panics without it.
    return read(entry, "matchingMode") !== undefined
      ? [
          `${label} uses the key matchingMode; the authentik provider reads only snake_case, write matching_mode: "strict".`,
        ]
      : [`${label} has no matching_mode; set matching_mode: "strict".`];
  }
  if (mode !== UNKNOWN && mode !== "strict") {
    return [`${label} uses matching_mode "${mode}"; use matching_mode: "strict" with the exact redirect URL.`];
  }

  const url = readString(entry, "url");
  if (url === UNKNOWN) return [];
  if (!isSet(url)) return [`${label} has no url; set url to the exact https URL mailcow redirects to.`];
  const parsed = parseUrl(url);
  if (!parsed) return [`${label}.url is not an absolute URL; set it to the exact https URL mailcow redirects to.`];
  if (parsed.protocol !== "https:") {
    return [
      `${label}.url ${describeUrl(url)} is not https; register the https:// form so codes never travel in clear.`,
    ];
  }
  return [];
}

/** Problems with a provider's `allowedRedirectUris` (each a message that says what to change). */
export function redirectUriProblems(entries: Maybe<unknown[]>): string[] {
  if (entries === UNKNOWN) return [];
  if (entries === undefined || entries.length === 0) {
    return [
      "allowedRedirectUris is empty, so authentik saves whatever redirect URI is used first; " +
        `list mailcow's redirect URL as ${STRICT_ENTRY}.`,
    ];
  }
  return entries.flatMap(redirectEntryProblems);
}

export const redirectUrisStrictHttps: ResourceValidationPolicy = {
  name: "authentik-oauth2-redirect-uris-strict-https",
  description: "Every allowed redirect URI of an authentik OAuth2 provider uses strict matching and https.",
  enforcementLevel: "mandatory",
  validateResource: forType(PROVIDER_OAUTH2_TYPE, (props, _args, reportViolation) => {
    redirectUriProblems(readList(props, "allowedRedirectUris")).forEach((message) => reportViolation(message));
  }),
};

export const confidentialClient: ResourceValidationPolicy = {
  name: "authentik-oauth2-confidential-client",
  description: "authentik OAuth2 providers are confidential clients.",
  enforcementLevel: "mandatory",
  validateResource: forType(PROVIDER_OAUTH2_TYPE, (props, _args, reportViolation) => {
    // Unset means authentik's default, which is confidential.
    const clientType = readString(props, "clientType");
    if (isSet(clientType) && clientType !== "confidential") {
      reportViolation(
        `clientType is "${clientType}"; set clientType: "confidential" (or leave it unset). mailcow uses no PKCE, ` +
          "so with a public client anyone holding an authorization code could redeem it without the client secret.",
      );
    }
  }),
};

export const signingKeySet: ResourceValidationPolicy = {
  name: "authentik-oauth2-signing-key",
  description: "authentik OAuth2 providers sign tokens with a certificate key pair (signingKey is set).",
  enforcementLevel: "mandatory",
  validateResource: forType(PROVIDER_OAUTH2_TYPE, (props, _args, reportViolation) => {
    const signingKey = readString(props, "signingKey");
    if (signingKey !== UNKNOWN && !isSet(signingKey)) {
      reportViolation(
        "signingKey is not set, so authentik signs tokens with HS256 using the client secret; set signingKey to a " +
          'certificate key pair id, e.g. getCertificateKeyPairOutput({ name: "authentik Self-signed Certificate" }).id.',
      );
    }
  }),
};

export interface ValiditySetting {
  prop: string;
  limit: keyof TokenValidityLimits;
  /** authentik's default when the input is unset. */
  fallback: string;
}

export const VALIDITY_SETTINGS: readonly ValiditySetting[] = [
  { prop: "accessCodeValidity", limit: "maxAccessCodeSeconds", fallback: "minutes=1" },
  { prop: "accessTokenValidity", limit: "maxAccessTokenSeconds", fallback: "minutes=10" },
  { prop: "refreshTokenValidity", limit: "maxRefreshTokenSeconds", fallback: "days=30" },
];

/** Problems with one validity input against its upper bound; `value` undefined means authentik's default. */
export function validityProblem(
  setting: ValiditySetting,
  value: Maybe<string>,
  maxSeconds: number,
): string | undefined {
  if (value === UNKNOWN) return undefined;
  const text = value ?? setting.fallback;
  const shown = value === undefined ? `(unset, authentik default "${text}")` : `"${text}"`;
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined) {
    return (
      `${setting.prop} ${shown} is not an authentik duration; use unit=number pairs joined by ";" ` +
      `such as "hours=1;minutes=30" (units: ${DURATION_UNITS.join(", ")}).`
    );
  }
  if (seconds <= 0) return `${setting.prop} ${shown} is zero; set a positive duration.`;
  if (seconds > maxSeconds) {
    return (
      `${setting.prop} ${shown} exceeds the limit of ${formatDuration(maxSeconds)}; shorten it ` +
      `(or raise ${setting.limit} in this policy's config).`
    );
  }
  return undefined;
}

export const tokenValidityBounds: ResourceValidationPolicy = {
  name: "authentik-oauth2-token-validity",
  description:
    "authentik OAuth2 token lifetimes stay within bounds: access code <= 10 minutes, access token <= 1 day, " +
    "refresh token <= 90 days (configurable).",
  enforcementLevel: "advisory",
  configSchema: tokenValiditySchema,
  validateResource: forType(PROVIDER_OAUTH2_TYPE, (props, args, reportViolation) => {
    const limits = tokenValidityLimits(args.getConfig());
    for (const setting of VALIDITY_SETTINGS) {
      const problem = validityProblem(setting, readString(props, setting.prop), limits[setting.limit]);
      if (problem) reportViolation(problem);
    }
  }),
};

export const oauth2Policies: readonly ResourceValidationPolicy[] = [
  redirectUrisStrictHttps,
  confidentialClient,
  signingKeySet,
  tokenValidityBounds,
];
