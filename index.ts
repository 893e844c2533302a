import { loadSettings } from "./components/config";
import { MailcowSso } from "./components/mailcow-sso";

// Read and validate the stack configuration once; nothing is declared when it is invalid.
const settings = loadSettings();

const sso = new MailcowSso("mailcow", { settings });

export const issuerUrl = sso.issuerUrl;
export const discoveryUrl = sso.discoveryUrl;
export const launchUrl = sso.launchUrl;
export const authorizeUrl = sso.authorizeUrl;
export const tokenUrl = sso.tokenUrl;
export const userinfoUrl = sso.userinfoUrl;
export const endSessionUrl = sso.endSessionUrl;
export const authentikAdminUrl = sso.authentikAdminUrl;
export const connectionTest = sso.connectionTestResult;
export const clientId = sso.clientId;
export const clientSecret = sso.clientSecret;
export const mailcowIdentityProvider = sso.mailcowIdentityProvider;
