package provider

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_provider_oauth2_config — real: pkg/provider/data_source_provider_oauth_config2.go.
// Without provider_id it lists providers by name (sending name= even when empty) and takes the first.

func dataSourceProviderOAuth2Config() *schema.Resource {
	computed := func() *schema.Schema { return &schema.Schema{Type: schema.TypeString, Computed: true} }
	return &schema.Resource{
		ReadContext: oauth2ConfigRead,
		Description: StandInNote + "Applications --- Get OAuth2 provider config",
		Schema: map[string]*schema.Schema{
			"name": {Type: schema.TypeString, Optional: true, ConflictsWith: []string{"provider_id"},
				Description: "Find provider by name"},
			"provider_id": {Type: schema.TypeInt, Optional: true, ConflictsWith: []string{"name"},
				Description: "Find provider by ID"},
			"issuer_url":        computed(),
			"authorize_url":     computed(),
			"token_url":         computed(),
			"user_info_url":     computed(),
			"provider_info_url": computed(),
			"logout_url":        computed(),
			"jwks_url":          computed(),
		},
	}
}

type oauth2SetupURLs struct {
	Issuer       string `json:"issuer"`
	Authorize    string `json:"authorize"`
	Token        string `json:"token"`
	UserInfo     string `json:"user_info"`
	ProviderInfo string `json:"provider_info"`
	Logout       string `json:"logout"`
	Jwks         string `json:"jwks"`
}

func oauth2ConfigRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	id, ok := d.GetOk("provider_id")
	if !ok {
		query := url.Values{"name": {d.Get("name").(string)}}
		var res struct {
			Results []oauth2Provider `json:"results"`
		}
		hr, err := c.call(ctx, http.MethodGet, "/providers/oauth2/", query, nil, "PaginatedOAuth2ProviderList", &res)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		if len(res.Results) < 1 {
			return diag.Errorf("no matching providers found")
		}
		id = int(res.Results[0].Pk)
	}
	pk := int32(id.(int))
	d.SetId(strconv.FormatInt(int64(pk), 10))
	var urls oauth2SetupURLs
	hr, err := c.call(ctx, http.MethodGet, "/providers/oauth2/"+strconv.FormatInt(int64(pk), 10)+"/setup_urls/", nil, nil, "OAuth2ProviderSetupURLs", &urls)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	set(d, "issuer_url", urls.Issuer, &diags)
	set(d, "authorize_url", urls.Authorize, &diags)
	set(d, "token_url", urls.Token, &diags)
	set(d, "user_info_url", urls.UserInfo, &diags)
	set(d, "provider_info_url", urls.ProviderInfo, &diags)
	set(d, "logout_url", urls.Logout, &diags)
	set(d, "jwks_url", urls.Jwks, &diags)
	return diags
}
