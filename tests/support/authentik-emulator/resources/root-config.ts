// root/config/ (authentik/api/v3/config.py): what the Terraform provider reads first; error reporting is off,
// so the provider starts no Sentry client.
import { type ApiResponse, json } from "../http-types";

export const rootConfig = (): ApiResponse =>
  json(200, {
    error_reporting: {
      enabled: false,
      sentry_dsn: "",
      environment: "customer",
      send_pii: false,
      traces_sample_rate: 0.1,
    },
    capabilities: ["can_save_media", "can_impersonate"],
    cache_timeout: 300,
    cache_timeout_flows: 300,
    cache_timeout_policies: 300,
  });
