// Exceptions a stack declares in its own settings: `access.public: true` (an application open to every authentik
// user) and `mailcow.allowIgnoreSslError: true`. The program carries them on the outputs of its MailcowSso component,
// so the pack reads each decision from the stack itself; nothing else (no pack config, no stack tag) grants one.
import { MAILCOW_SSO_TYPE } from "./resourceTypes";
import { ofType, type StackResource } from "./stackResource";
import { parseUrl } from "./urls";
import { read, readList } from "./values";

export interface DeclaredExceptions {
  /** Slugs of applications the stack declares public. */
  publicApplications: ReadonlySet<string>;
  /** Origins of the mailcow instances whose identity provider may skip TLS verification. */
  ignoreSslError: ReadonlySet<string>;
}

/** The known string entries of `props.policyExceptions[key]`; unknown or malformed entries grant nothing. */
function entries(component: StackResource, key: string): string[] {
  const list = readList(read(component.props, "policyExceptions"), key);
  return Array.isArray(list) ? list.filter((entry): entry is string => typeof entry === "string") : [];
}

/** "https://Mail.example.org:443/" and "https://mail.example.org" are the same mailcow. */
export function originOf(url: string): string | undefined {
  return parseUrl(url)?.origin;
}

export function declaredExceptions(resources: readonly StackResource[]): DeclaredExceptions {
  const components = ofType(resources, MAILCOW_SSO_TYPE);
  return {
    publicApplications: new Set(components.flatMap((c) => entries(c, "publicApplications"))),
    ignoreSslError: new Set(components.flatMap((c) => entries(c, "ignoreSslError").flatMap((u) => originOf(u) ?? []))),
  };
}
