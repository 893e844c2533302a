// Package provider is a STAND-IN for goauthentik.io/terraform-provider-authentik v2026.5.0: a from-scratch
// Terraform provider (SDKv2) that imitates the real one's schema and API traffic for the resources and data
// sources the mailcow-sso program uses. See ../../README.md for what it covers and how fidelity is tested.
package provider

import (
	"context"
	"crypto/tls"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// StandInNote prefixes every description so a schema dump (or the bridged SDK's docs) shows what this is.
const StandInNote = "[stand-in for terraform-provider-authentik v2026.5.0, covering only what mailcow-sso uses] "

func init() {
	// The real provider documents in Markdown and appends defaults to descriptions (pkg/provider/provider.go).
	schema.DescriptionKind = schema.StringMarkdown
	schema.SchemaDescriptionBuilder = func(s *schema.Schema) string {
		text := s.Description
		if s.Default != nil {
			text += fmt.Sprintf(" Defaults to `%v`.", s.Default)
		}
		if s.Computed {
			text += " Generated."
		}
		return strings.TrimSpace(text)
	}
}

// Provider returns the stand-in provider; version appears in the User-Agent as in the real one.
func Provider(version string) *schema.Provider {
	return &schema.Provider{
		Schema: map[string]*schema.Schema{
			"url": {
				Type:        schema.TypeString,
				Required:    true,
				DefaultFunc: schema.EnvDefaultFunc("AUTHENTIK_URL", nil),
				Description: StandInNote + "The authentik API endpoint, can optionally be passed as `AUTHENTIK_URL` environmental variable",
			},
			"insecure": {
				Type:        schema.TypeBool,
				Optional:    true,
				DefaultFunc: schema.EnvDefaultFunc("AUTHENTIK_INSECURE", false),
				Description: StandInNote + "Whether to skip TLS verification, can optionally be passed as `AUTHENTIK_INSECURE` environmental variable",
			},
			"token": {
				Type:        schema.TypeString,
				Required:    true,
				DefaultFunc: schema.EnvDefaultFunc("AUTHENTIK_TOKEN", nil),
				Sensitive:   true,
				Description: StandInNote + "The authentik API token, can optionally be passed as `AUTHENTIK_TOKEN` environmental variable",
			},
			"headers": {
				Type:        schema.TypeMap,
				Elem:        &schema.Schema{Type: schema.TypeString},
				Optional:    true,
				Sensitive:   true,
				Description: StandInNote + "Optional HTTP headers sent with every request",
			},
		},
		ResourcesMap: map[string]*schema.Resource{
			"authentik_application":                     resourceApplication(),
			"authentik_certificate_key_pair":            resourceCertificateKeyPair(),
			"authentik_group":                           resourceGroup(),
			"authentik_policy_binding":                  resourcePolicyBinding(),
			"authentik_property_mapping_provider_scope": resourceScopeMapping(),
			"authentik_provider_oauth2":                 resourceProviderOAuth2(),
		},
		DataSourcesMap: map[string]*schema.Resource{
			"authentik_certificate_key_pair":            dataSourceCertificateKeyPair(),
			"authentik_flow":                            dataSourceFlow(),
			"authentik_group":                           dataSourceGroup(),
			"authentik_property_mapping_provider_scope": dataSourceScopeMapping(),
			"authentik_provider_oauth2_config":          dataSourceProviderOAuth2Config(),
			"authentik_user":                            dataSourceUser(),
		},
		ConfigureContextFunc: configure(version),
	}
}

// apiBaseURL appends /api/v3 unless the path already ends with it, so sub-path deployments keep their path.
func apiBaseURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(u.Path, "/api/v3") {
		joined, err := url.JoinPath(u.Path, "/api/v3")
		if err != nil {
			return "", err
		}
		u.Path = joined
	}
	return u.String(), nil
}

// tlsTransport matches the real transport: only InsecureSkipVerify and the environment's proxy are set, so
// Go's defaults apply otherwise (system roots, which honour SSL_CERT_FILE / SSL_CERT_DIR; HTTP/1.1).
func tlsTransport(insecure bool) http.RoundTripper {
	return &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: insecure}, //nolint:gosec // the user's explicit choice
		Proxy:           http.ProxyFromEnvironment,
	}
}

func configure(version string) schema.ConfigureContextFunc {
	return func(_ context.Context, d *schema.ResourceData) (any, diag.Diagnostics) {
		base, err := apiBaseURL(d.Get("url").(string))
		if err != nil {
			return nil, diag.FromErr(err)
		}
		c := &apiClient{
			baseURL:   base,
			http:      &http.Client{Transport: tlsTransport(d.Get("insecure").(bool))},
			userAgent: fmt.Sprintf("authentik-terraform@%s", version),
			headers:   map[string]string{"Authorization": fmt.Sprintf("Bearer %s", d.Get("token").(string))},
		}
		if raw, ok := d.GetOk("headers"); ok {
			for name, value := range raw.(map[string]any) {
				c.headers[name] = value.(string)
			}
		}
		// The real provider asks for the root config at configure time (to decide on Sentry) and ignores
		// any failure; a bad URL or token surfaces on the first resource call instead.
		var cfg struct {
			ErrorReporting struct {
				Enabled bool `json:"enabled"`
			} `json:"error_reporting"`
		}
		if _, err := c.call(context.Background(), http.MethodGet, "/root/config/", nil, nil, "Config", &cfg); err == nil && cfg.ErrorReporting.Enabled {
			log.Printf("[WARN] authentik stand-in: server has error reporting on; the stand-in never sends to Sentry")
		}
		return c, nil
	}
}
