import { AuthentikOidcApplication } from "./components/authentik/oidc-application";
import { loadSettings } from "./components/config";

// Read and validate the stack configuration once; nothing is declared when it is invalid.
const settings = loadSettings();

const sso = new AuthentikOidcApplication("mailcow", {
  authentik: settings.authentik,
  application: settings.application,
  oauth2: settings.oauth2,
  access: settings.access,
  mailcowUrl: settings.mailcow.url,
  redirectUrlExtra: settings.mailcow.redirectUrlExtra,
  templateMappings: settings.provisioning.templateMappings,
});

export const clientId = sso.clientId;
export const clientSecret = sso.clientSecret;
export const issuerUrl = sso.issuerUrl;
export const discoveryUrl = sso.discoveryUrl;
export const authorizeUrl = sso.authorizeUrl;
export const tokenUrl = sso.tokenUrl;
export const userinfoUrl = sso.userinfoUrl;
export const endSessionUrl = sso.endSessionUrl;
export const applicationSlug = sso.applicationSlug;
export const launchUrl = sso.launchUrl;
