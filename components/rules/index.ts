// The validation rules every part of the project shares (stack config, the mailcow provider's check, the mailcow
// client, the authentik endpoints). Extend these rather than writing a rule again.
export { UNKNOWN, type Unknown, containsUnknown, isUnknown, orUnknown } from "./unknown";
export { type UrlRules, baseUrl, canonicalBaseUrl, httpProblem, httpsUnlessAllowed, url, urlProblem } from "./urls";
export {
  DEFAULT_SCOPES,
  MAX_CLIENT_ID_LENGTH,
  NOT_DROPPED_BY_MAILCOW,
  claimValue,
  clientId,
  duplicatesOf,
  scopeList,
  scopeName,
  secretValue,
  templateName,
  uniqueClaimValues,
} from "./oidc";
export { FORBIDDEN_KEYS, closestKey, isForbiddenKey, strictObject, stringOrObject, unknownKeyMessage } from "./keys";
export { freeText, visibleName } from "./names";
export { numberFromText, typedSetCommand } from "./numbers";
export { formatPath } from "./paths";
export { hasControlCharacter, hasInvisibleCharacter } from "./text";
