package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_application — real: pkg/provider/resource_application.go. Its id is the slug.

func resourceApplication() *schema.Resource {
	optional := func() *schema.Schema { return &schema.Schema{Type: schema.TypeString, Optional: true} }
	return &schema.Resource{
		Description:   StandInNote + "Applications --- ",
		CreateContext: applicationCreate,
		ReadContext:   applicationRead,
		UpdateContext: applicationUpdate,
		DeleteContext: applicationDelete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"name":              {Type: schema.TypeString, Required: true},
			"group":             optional(),
			"uuid":              {Type: schema.TypeString, Optional: true, Computed: true},
			"slug":              {Type: schema.TypeString, Required: true},
			"protocol_provider": {Type: schema.TypeInt, Optional: true},
			"backchannel_providers": {Type: schema.TypeList, Optional: true,
				Elem: &schema.Schema{Type: schema.TypeInt}},
			"meta_launch_url":  optional(),
			"meta_icon":        optional(),
			"meta_description": optional(),
			"meta_publisher":   optional(),
			"policy_engine_mode": {Type: schema.TypeString, Optional: true, Default: "any",
				Description:      enumDescription(apiEnums["PolicyEngineMode"]),
				ValidateDiagFunc: inEnum(apiEnums["PolicyEngineMode"])},
			"open_in_new_tab": {Type: schema.TypeBool, Optional: true, Default: false},
			"meta_hide":       {Type: schema.TypeBool, Optional: true, Default: false},
		},
	}
}

type application struct {
	Pk                   string  `json:"pk"`
	Name                 string  `json:"name"`
	Slug                 string  `json:"slug"`
	Provider             *int32  `json:"provider"`
	BackchannelProviders []int32 `json:"backchannel_providers"`
	OpenInNewTab         *bool   `json:"open_in_new_tab"`
	MetaLaunchURL        *string `json:"meta_launch_url"`
	MetaIcon             *string `json:"meta_icon"`
	MetaDescription      *string `json:"meta_description"`
	MetaPublisher        *string `json:"meta_publisher"`
	PolicyEngineMode     *string `json:"policy_engine_mode"`
	Group                *string `json:"group"`
	MetaHide             *bool   `json:"meta_hide"`
}

// applicationBody is the real ApplicationRequest: provider is nullable (0 counts as unset), the meta_*
// strings and group only when non-empty, backchannel_providers always (as [] when empty).
func applicationBody(d *schema.ResourceData) map[string]any {
	body := map[string]any{
		"name":                  d.Get("name").(string),
		"slug":                  d.Get("slug").(string),
		"provider":              nullable(optInt32(d, "protocol_provider")),
		"open_in_new_tab":       d.Get("open_in_new_tab").(bool),
		"meta_hide":             d.Get("meta_hide").(bool),
		"policy_engine_mode":    d.Get("policy_engine_mode").(string),
		"backchannel_providers": int32List(d.Get("backchannel_providers").([]any)),
	}
	for _, key := range []string{"group", "meta_icon", "meta_launch_url", "meta_description", "meta_publisher"} {
		putOpt(body, key, optStr(d, key))
	}
	return body
}

func applicationPath(slug string) string { return "/core/applications/" + url.PathEscape(slug) + "/" }

func applicationCreate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res application
	hr, err := m.(*apiClient).call(ctx, http.MethodPost, "/core/applications/", nil, applicationBody(d), "Application", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Slug)
	return applicationRead(ctx, d, m)
}

func applicationRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res application
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, applicationPath(d.Id()), nil, nil, "Application", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	d.SetId(res.Slug)
	set(d, "uuid", res.Pk, &diags)
	set(d, "name", res.Name, &diags)
	set(d, "group", res.Group, &diags)
	set(d, "slug", res.Slug, &diags)
	set(d, "open_in_new_tab", res.OpenInNewTab, &diags)
	set(d, "meta_hide", res.MetaHide, &diags)
	set(d, "protocol_provider", res.Provider, &diags)
	set(d, "meta_launch_url", res.MetaLaunchURL, &diags)
	set(d, "meta_icon", res.MetaIcon, &diags)
	set(d, "meta_description", res.MetaDescription, &diags)
	set(d, "meta_publisher", res.MetaPublisher, &diags)
	set(d, "policy_engine_mode", res.PolicyEngineMode, &diags)
	set(d, "backchannel_providers", res.BackchannelProviders, &diags)
	return diags
}

func applicationUpdate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res application
	hr, err := m.(*apiClient).call(ctx, http.MethodPut, applicationPath(d.Id()), nil, applicationBody(d), "Application", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Slug)
	return applicationRead(ctx, d, m)
}

func applicationDelete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	return deleteObject(ctx, d, m, applicationPath(d.Id()))
}
