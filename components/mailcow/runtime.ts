// The entry point of @mailcow-sso/mailcow-provider: the compiled code that the shell stored in every stack's
// state (provider-shell.ts) loads in Pulumi's provider host. Its name and this export are a frozen contract:
// every shell ever written to a state requires the package and calls `identityProvider`.
export { identityProvider } from "./provider";
