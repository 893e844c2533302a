// Stack policies that compare mailcow's identity provider with the authentik side of the same stack.
import type { StackValidationPolicy } from "@pulumi/policy";
import { declaredExceptions, originOf } from "./exceptions";
import { endpointHosts, OIDC_ENDPOINTS } from "./mailcowPolicies";
import { APPLICATION_TYPE, AUTHENTIK_PROVIDER_TYPE, MAILCOW_IDP_TYPE, PROVIDER_OAUTH2_TYPE } from "./resourceTypes";
import { ofType, type StackResource } from "./stackResource";
import { describeUrl, hostOf } from "./urls";
import { isSet, read, readBoolean, readList, readString, UNKNOWN, type Unknown } from "./values";

/**
 * URLs a provider accepts as mailcow's redirect: strict entries of type authorization (or untyped, which is the
 * same before authentik 2026.5). UNKNOWN when an entry that could match is not known yet.
 */
export function registeredRedirects(provider: StackResource): string[] | Unknown {
  const entries = readList(provider.props, "allowedRedirectUris");
  if (entries === UNKNOWN) return UNKNOWN;
  const urls: string[] = [];
  for (const entry of entries ?? []) {
    if (entry === UNKNOWN) return UNKNOWN;
    const mode = readString(entry, "matching_mode");
    const type = readString(entry, "redirect_uri_type");
    if ((mode !== UNKNOWN && mode !== "strict") || type === "logout") continue;
    const url = readString(entry, "url");
    if (url === UNKNOWN) return UNKNOWN;
    if (isSet(url)) urls.push(url);
  }
  return urls;
}

/** The providers mailcow may talk to: same clientId when both are known, otherwise every provider. */
function providersFor(idp: StackResource, providers: readonly StackResource[]): StackResource[] {
  const clientId = readString(idp.props, "clientId");
  return providers.filter((provider) => {
    const providerClientId = readString(provider.props, "clientId");
    return !isSet(clientId) || !isSet(providerClientId) || providerClientId === clientId;
  });
}

function trailingSlashHint(url: string, registered: readonly string[]): string {
  const other = url.endsWith("/") ? url.slice(0, -1) : `${url}/`;
  return registered.includes(other) ? " (they differ only by a trailing slash, which strict matching compares)" : "";
}

/** Violations for one mailcow identity provider whose redirect URLs must be registered with authentik. */
export function redirectProblems(idp: StackResource, providers: readonly StackResource[]): string[] {
  if (providers.length === 0) {
    return [
      "no authentik ProviderOauth2 in this stack, so mailcow's redirectUrl cannot be matched against its " +
        "allowed redirect URIs; manage the authentik provider in the same stack.",
    ];
  }
  const candidates = providersFor(idp, providers);
  if (candidates.length === 0) {
    return ["no authentik ProviderOauth2 in this stack has mailcow's clientId; set both from the same value."];
  }
  const registered: string[] = [];
  for (const provider of candidates) {
    const urls = registeredRedirects(provider);
    if (urls === UNKNOWN) return []; // decided at `pulumi up`, when the list is known
    registered.push(...urls);
  }
  const names = candidates.map((provider) => provider.name).join(", ");
  const extra = readList(idp.props, "redirectUrlExtra");
  const wanted: [string, unknown][] = [["redirectUrl", read(idp.props, "redirectUrl")]];
  if (Array.isArray(extra)) extra.forEach((url, i) => wanted.push([`redirectUrlExtra[${i}]`, url]));

  return wanted.flatMap(([label, url]) => {
    if (typeof url !== "string" || url === "" || registered.includes(url)) return [];
    return [
      `mailcow ${label} ${describeUrl(url)} is not a strict redirect URI of authentik provider ${names}` +
        `${trailingSlashHint(url, registered)}; authentik will refuse the login. Add { matching_mode: "strict", ` +
        'url: <exactly this URL>, redirect_uri_type: "authorization" } to allowedRedirectUris, or change ' +
        `${label} to a registered URL.`,
    ];
  });
}

export const redirectRegistered: StackValidationPolicy = {
  name: "mailcow-idp-redirect-registered",
  description:
    "mailcow's redirect URL (and any extra ones) is a strict allowed redirect URI of the authentik provider.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const providers = ofType(args.resources, PROVIDER_OAUTH2_TYPE);
    for (const idp of ofType(args.resources, MAILCOW_IDP_TYPE)) {
      redirectProblems(idp, providers).forEach((message) => reportViolation(message, idp.urn));
    }
  },
};

/** Hosts of the authentik API the stack talks to: explicit provider resources and providers of authentik resources. */
export function authentikHosts(resources: readonly StackResource[]): Set<string> {
  const providerProps = [
    ...ofType(resources, AUTHENTIK_PROVIDER_TYPE).map((resource) => resource.props),
    ...resources.flatMap((resource) =>
      resource.provider?.type === AUTHENTIK_PROVIDER_TYPE ? [resource.provider.props] : [],
    ),
  ];
  const hosts = providerProps.flatMap((props) => {
    const url = readString(props, "url");
    return (isSet(url) && hostOf(url)) || [];
  });
  return new Set(hosts);
}

/** The issuer for messages, when the stack has exactly one application with a known slug. */
function issuerHint(resources: readonly StackResource[], host: string): string {
  const slugs = ofType(resources, APPLICATION_TYPE).map((app) => readString(app.props, "slug"));
  return slugs.length === 1 && isSet(slugs[0]) ? ` (issuer https://${host}/application/o/${slugs[0]}/)` : "";
}

export function authentikHostProblems(idp: StackResource, resources: readonly StackResource[]): string[] {
  const expected = authentikHosts(resources);
  if (expected.size === 0) return []; // the authentik URL is not visible here (e.g. only in stack config)
  const [first] = expected;
  const paths = new Map<string, string>(OIDC_ENDPOINTS.map(({ prop, path }) => [prop, path]));
  return [...endpointHosts(idp.props)].flatMap(([prop, host]) =>
    expected.has(host)
      ? []
      : [
          `mailcow ${prop} is on host ${host}, but this stack's authentik provider uses ${[...expected].join(", ")}` +
            `${issuerHint(resources, first)}; set ${prop} to https://${first}${paths.get(prop)}.`,
        ],
  );
}

export const endpointsMatchAuthentikUrl: StackValidationPolicy = {
  name: "mailcow-idp-endpoints-match-authentik-url",
  description: "mailcow's authorize, token and userinfo URLs are on the host of the stack's authentik provider URL.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const idp of ofType(args.resources, MAILCOW_IDP_TYPE)) {
      authentikHostProblems(idp, args.resources).forEach((message) => reportViolation(message, idp.urn));
    }
  },
};

/**
 * A stack policy, because the exception lives on the stack's MailcowSso component, which a resource policy cannot
 * see. Preview runs it on the planned values, so a stack that does not declare the exception fails before anything
 * changes; `up --skip-preview` fails after the update.
 */
export const noIgnoreSslError: StackValidationPolicy = {
  name: "mailcow-idp-no-ignore-ssl-error",
  description:
    "mailcow verifies authentik's TLS certificate (ignoreSslError is false) unless the stack's settings allow it " +
    "(mailcow.allowIgnoreSslError: true).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const { ignoreSslError: allowed } = declaredExceptions(args.resources);
    for (const idp of ofType(args.resources, MAILCOW_IDP_TYPE)) {
      if (readBoolean(idp.props, "ignoreSslError") !== true) continue;
      const url = readString(idp.props, "mailcowUrl");
      const origin = isSet(url) ? originOf(url) : undefined;
      if (url === UNKNOWN || (origin !== undefined && allowed.has(origin))) continue;
      reportViolation(
        "ignoreSslError is true, which turns off certificate checks on mailcow's calls to authentik (they carry the " +
          "client secret and tokens); set mailcow.ignoreSslError: false and give authentik a certificate mailcow " +
          "trusts, or, for a lab with a private CA, allow it in this stack's settings with " +
          "mailcow.allowIgnoreSslError: true.",
        idp.urn,
      );
    }
  },
};

export const mailcowStackPolicies: readonly StackValidationPolicy[] = [
  redirectRegistered,
  endpointsMatchAuthentikUrl,
  noIgnoreSslError,
];
