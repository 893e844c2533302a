package provider

import (
	"context"
	"net/http"
	"strconv"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_provider_oauth2 — real: pkg/provider/resource_provider_oauth2.go.

func resourceProviderOAuth2() *schema.Resource {
	str := func(required bool) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Required: required, Optional: !required}
	}
	duration := func(def string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Optional: true, Default: def,
			Description: durationDescription, ValidateDiagFunc: validateDuration}
	}
	enum := func(name, def string) *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Optional: true, Default: def,
			Description: enumDescription(apiEnums[name]), ValidateDiagFunc: inEnum(apiEnums[name])}
	}
	return &schema.Resource{
		Description:   StandInNote + "Applications --- ",
		CreateContext: providerOAuth2Create,
		ReadContext:   providerOAuth2Read,
		UpdateContext: providerOAuth2Update,
		DeleteContext: providerOAuth2Delete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"name":                str(true),
			"authentication_flow": str(false),
			"authorization_flow":  str(true),
			"invalidation_flow":   str(true),
			"property_mappings": {Type: schema.TypeList, Optional: true,
				Elem: &schema.Schema{Type: schema.TypeString}},
			"client_type": enum("ClientTypeEnum", "confidential"),
			"grant_types": {Type: schema.TypeList, Optional: true, Computed: true,
				Elem: &schema.Schema{Type: schema.TypeString,
					Description:      enumDescription(apiEnums["GrantTypesEnum"]),
					ValidateDiagFunc: inEnum(apiEnums["GrantTypesEnum"])}},
			"client_id":                  str(true),
			"client_secret":              {Type: schema.TypeString, Optional: true, Computed: true, Sensitive: true},
			"access_code_validity":       duration("minutes=1"),
			"access_token_validity":      duration("minutes=10"),
			"refresh_token_validity":     duration("days=30"),
			"refresh_token_threshold":    duration("seconds=0"),
			"include_claims_in_id_token": {Type: schema.TypeBool, Optional: true, Default: true},
			"signing_key":                str(false),
			"encryption_key":             str(false),
			// A list of string maps: keys matching_mode, url and (2026.5+) redirect_uri_type.
			"allowed_redirect_uris": {Type: schema.TypeList, Optional: true,
				Elem: &schema.Schema{Type: schema.TypeMap}},
			"logout_method": enum("OAuth2ProviderLogoutMethodEnum", "backchannel"),
			"logout_uri":    str(false),
			"sub_mode":      enum("SubModeEnum", "hashed_user_id"),
			"issuer_mode":   enum("IssuerModeEnum", "per_provider"),
			"jwks_sources": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString},
				Description: "Deprecated. Use `jwt_federation_sources` instead."},
			"jwt_federation_sources": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString},
				Description: "JWTs issued by keys configured in any of the selected sources can be used to authenticate on behalf of this provider."},
			"jwt_federation_providers": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeInt},
				Description: "JWTs issued by any of the configured providers can be used to authenticate on behalf of this provider."},
		},
	}
}

// oauth2Provider holds the fields of the OAuth2Provider model the read-back uses; pointers where the
// generated Go model has pointers (optional or nullable), so nil reaches d.Set just as it does there.
type oauth2Provider struct {
	Pk                     int32            `json:"pk"`
	Name                   string           `json:"name"`
	AuthenticationFlow     *string          `json:"authentication_flow"`
	AuthorizationFlow      string           `json:"authorization_flow"`
	InvalidationFlow       string           `json:"invalidation_flow"`
	PropertyMappings       []string         `json:"property_mappings"`
	ClientType             *string          `json:"client_type"`
	GrantTypes             []string         `json:"grant_types"`
	ClientID               *string          `json:"client_id"`
	ClientSecret           *string          `json:"client_secret"`
	AccessCodeValidity     *string          `json:"access_code_validity"`
	AccessTokenValidity    *string          `json:"access_token_validity"`
	RefreshTokenValidity   *string          `json:"refresh_token_validity"`
	RefreshTokenThreshold  *string          `json:"refresh_token_threshold"`
	IncludeClaimsInIDToken *bool            `json:"include_claims_in_id_token"`
	SigningKey             *string          `json:"signing_key"`
	EncryptionKey          *string          `json:"encryption_key"`
	RedirectURIs           []apiRedirectURI `json:"redirect_uris"`
	LogoutURI              *string          `json:"logout_uri"`
	LogoutMethod           *string          `json:"logout_method"`
	SubMode                *string          `json:"sub_mode"`
	IssuerMode             *string          `json:"issuer_mode"`
	JwtFederationSources   []string         `json:"jwt_federation_sources"`
	JwtFederationProviders []int32          `json:"jwt_federation_providers"`
}

// providerOAuth2Body builds the OAuth2ProviderRequest exactly as the real provider fills it.
func providerOAuth2Body(d *schema.ResourceData) (map[string]any, diag.Diagnostics) {
	uris, diags := redirectURIsFromConfig(d.Get("allowed_redirect_uris").([]any))
	if diags.HasError() {
		return nil, diags
	}
	request := make([]map[string]any, 0, len(uris))
	for _, u := range uris {
		entry := map[string]any{"matching_mode": u.MatchingMode, "url": u.URL}
		if u.Type != "" {
			entry["redirect_uri_type"] = u.Type
		}
		request = append(request, entry)
	}
	body := map[string]any{
		"name":                       d.Get("name").(string),
		"authorization_flow":         d.Get("authorization_flow").(string),
		"invalidation_flow":          d.Get("invalidation_flow").(string),
		"authentication_flow":        nullable(optStr(d, "authentication_flow")),
		"signing_key":                nullable(optStr(d, "signing_key")),
		"encryption_key":             nullable(optStr(d, "encryption_key")),
		"access_code_validity":       d.Get("access_code_validity").(string),
		"access_token_validity":      d.Get("access_token_validity").(string),
		"refresh_token_validity":     d.Get("refresh_token_validity").(string),
		"include_claims_in_id_token": d.Get("include_claims_in_id_token").(bool),
		"client_id":                  d.Get("client_id").(string),
		"issuer_mode":                d.Get("issuer_mode").(string),
		"sub_mode":                   d.Get("sub_mode").(string),
		"client_type":                d.Get("client_type").(string),
		"property_mappings":          stringList(d, "property_mappings"),
		"jwt_federation_sources":     stringList(d, "jwt_federation_sources"),
		"jwt_federation_providers":   int32List(d.Get("jwt_federation_providers").([]any)),
		"redirect_uris":              request,
	}
	putOpt(body, "refresh_token_threshold", optStr(d, "refresh_token_threshold"))
	putOpt(body, "client_secret", optStr(d, "client_secret"))
	putOpt(body, "logout_method", optStr(d, "logout_method"))
	putOpt(body, "logout_uri", optStr(d, "logout_uri"))
	// grant_types goes out only when set: the API rejects [] and derives the value otherwise.
	if raw := d.Get("grant_types").([]any); len(raw) > 0 {
		grants := make([]string, 0, len(raw))
		for _, g := range raw {
			grants = append(grants, g.(string))
		}
		body["grant_types"] = grants
	}
	// jwks_sources is deprecated and never sent, as in the real provider.
	return body, nil
}

func providerOAuth2Create(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	body, diags := providerOAuth2Body(d)
	if diags.HasError() {
		return diags
	}
	var res oauth2Provider
	hr, err := c.call(ctx, http.MethodPost, "/providers/oauth2/", nil, body, "OAuth2Provider", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(strconv.Itoa(int(res.Pk)))
	return providerOAuth2Read(ctx, d, m)
}

func providerOAuth2Path(d *schema.ResourceData) (string, diag.Diagnostics) {
	id, err := strconv.ParseInt(d.Id(), 10, 32)
	if err != nil {
		return "", diag.FromErr(err)
	}
	return "/providers/oauth2/" + strconv.FormatInt(id, 10) + "/", nil
}

func providerOAuth2Read(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	path, diags := providerOAuth2Path(d)
	if diags.HasError() {
		return diags
	}
	var res oauth2Provider
	hr, err := c.call(ctx, http.MethodGet, path, nil, nil, "OAuth2Provider", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	priorURIs, diags := redirectURIsFromConfig(d.Get("allowed_redirect_uris").([]any))
	if diags.HasError() {
		return diags
	}
	set(d, "name", res.Name, &diags)
	set(d, "authentication_flow", res.AuthenticationFlow, &diags)
	set(d, "authorization_flow", res.AuthorizationFlow, &diags)
	set(d, "invalidation_flow", res.InvalidationFlow, &diags)
	set(d, "client_id", res.ClientID, &diags)
	set(d, "client_secret", res.ClientSecret, &diags)
	set(d, "client_type", res.ClientType, &diags)
	set(d, "grant_types", res.GrantTypes, &diags)
	set(d, "include_claims_in_id_token", res.IncludeClaimsInIDToken, &diags)
	set(d, "issuer_mode", res.IssuerMode, &diags)
	set(d, "logout_method", res.LogoutMethod, &diags)
	set(d, "logout_uri", res.LogoutURI, &diags)
	set(d, "property_mappings", mergeKeepingOrder(stringList(d, "property_mappings"), res.PropertyMappings), &diags)
	set(d, "allowed_redirect_uris", redirectURIsToState(mergeKeepingOrder(priorURIs, redirectURIsFromAPI(res.RedirectURIs))), &diags)
	set(d, "signing_key", res.SigningKey, &diags)
	set(d, "encryption_key", res.EncryptionKey, &diags)
	set(d, "sub_mode", res.SubMode, &diags)
	set(d, "access_code_validity", res.AccessCodeValidity, &diags)
	set(d, "access_token_validity", res.AccessTokenValidity, &diags)
	set(d, "refresh_token_validity", res.RefreshTokenValidity, &diags)
	set(d, "refresh_token_threshold", res.RefreshTokenThreshold, &diags)
	set(d, "jwt_federation_providers", mergeKeepingOrder(intList(d, "jwt_federation_providers"), int32sToInts(res.JwtFederationProviders)), &diags)
	set(d, "jwt_federation_sources", mergeKeepingOrder(stringList(d, "jwt_federation_sources"), res.JwtFederationSources), &diags)
	return diags
}

func providerOAuth2Update(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	path, diags := providerOAuth2Path(d)
	if diags.HasError() {
		return diags
	}
	body, diags := providerOAuth2Body(d)
	if diags.HasError() {
		return diags
	}
	var res oauth2Provider
	hr, err := c.call(ctx, http.MethodPut, path, nil, body, "OAuth2Provider", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(strconv.Itoa(int(res.Pk)))
	return providerOAuth2Read(ctx, d, m)
}

func providerOAuth2Delete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	path, diags := providerOAuth2Path(d)
	if diags.HasError() {
		return diags
	}
	return deleteObject(ctx, d, m, path)
}
