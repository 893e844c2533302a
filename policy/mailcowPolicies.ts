// Resource policies for mailcow's Generic-OIDC identity provider (inputs of our dynamic resource).
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forType, MAILCOW_IDP_TYPE } from "./resourceTypes";
import { describeUrl, hostOf, parseUrl } from "./urls";
import { isSet, readList, readString } from "./values";

/** The three endpoints mailcow calls, with the authentik path each must have (served by authentik only). */
export const OIDC_ENDPOINTS = [
  { prop: "authorizeUrl", path: "/application/o/authorize/" },
  { prop: "tokenUrl", path: "/application/o/token/" },
  { prop: "userinfoUrl", path: "/application/o/userinfo/" },
] as const;

/** Hosts that belong to mailcow itself: its API URL, its redirect URL and any extra redirect URLs. */
export function mailcowHosts(props: unknown): Set<string> {
  const urls: unknown[] = [readString(props, "mailcowUrl"), readString(props, "redirectUrl")];
  const extra = readList(props, "redirectUrlExtra");
  if (Array.isArray(extra)) urls.push(...extra);
  const hosts = urls.flatMap((url) => (typeof url === "string" && hostOf(url)) || []);
  return new Set(hosts);
}

/** Known hosts of the three endpoint URLs, keyed by input name (unknown or unparseable ones are left out). */
export function endpointHosts(props: unknown): Map<string, string> {
  const hosts = new Map<string, string>();
  for (const { prop } of OIDC_ENDPOINTS) {
    const url = readString(props, prop);
    const host = isSet(url) ? hostOf(url) : undefined;
    if (host) hosts.set(prop, host);
  }
  return hosts;
}

/** Problems with authorize/token/userinfo URLs: https, one host, and not mailcow's host. */
export function endpointProblems(props: unknown): string[] {
  const problems: string[] = [];
  const onMailcow = mailcowHosts(props);
  for (const { prop, path } of OIDC_ENDPOINTS) {
    const url = readString(props, prop);
    if (typeof url !== "string") continue; // unknown during preview, or unset (the provider's check rejects that)
    const parsed = parseUrl(url);
    const fix = `use https://<authentik host>${path}`;
    if (!parsed) problems.push(`${prop} is not an absolute URL; ${fix}.`);
    else if (parsed.protocol !== "https:") {
      problems.push(
        `${prop} ${describeUrl(url)} is not https; mailcow sends the client secret and tokens there, ${fix}.`,
      );
    } else if (onMailcow.has(parsed.host)) {
      problems.push(
        `${prop} ${describeUrl(url)} is on the mailcow host ${parsed.host}, but ${path} is served by authentik ` +
          `(the starting guide's mistake); ${fix}, e.g. from getProviderOauth2Config.`,
      );
    }
  }
  const distinct = new Set(endpointHosts(props).values());
  if (distinct.size > 1) {
    problems.push(
      `authorizeUrl, tokenUrl and userinfoUrl are on different hosts (${[...distinct].join(", ")}); ` +
        "put all three on the authentik host that issues the tokens.",
    );
  }
  return problems;
}

export const endpointsOnAuthentik: ResourceValidationPolicy = {
  name: "mailcow-idp-endpoints-on-authentik",
  description: "mailcow's authorize, token and userinfo URLs are https, on one host, and not on the mailcow host.",
  enforcementLevel: "mandatory",
  validateResource: forType(MAILCOW_IDP_TYPE, (props, _args, reportViolation) => {
    endpointProblems(props).forEach((message) => reportViolation(message));
  }),
};

export const mailcowPolicies: readonly ResourceValidationPolicy[] = [endpointsOnAuthentik];
