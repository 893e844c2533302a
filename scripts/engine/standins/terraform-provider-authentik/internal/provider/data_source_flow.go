package provider

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_flow — real: pkg/provider/data_source_flow.go. Lists flows filtered by slug and/or
// designation and takes the first.

func dataSourceFlow() *schema.Resource {
	computed := func() *schema.Schema { return &schema.Schema{Type: schema.TypeString, Computed: true} }
	optComputed := func() *schema.Schema {
		return &schema.Schema{Type: schema.TypeString, Optional: true, Computed: true}
	}
	return &schema.Resource{
		ReadContext: flowRead,
		Description: StandInNote + "Flows & Stages --- Get flows by Slug and/or designation",
		Schema: map[string]*schema.Schema{
			"name":           computed(),
			"title":          computed(),
			"slug":           optComputed(),
			"designation":    optComputed(),
			"authentication": optComputed(),
		},
	}
}

type flow struct {
	Pk             string  `json:"pk"`
	Name           string  `json:"name"`
	Slug           string  `json:"slug"`
	Title          string  `json:"title"`
	Designation    string  `json:"designation"`
	Authentication *string `json:"authentication"`
}

func flowRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	query := url.Values{}
	if v, ok := d.GetOk("slug"); ok {
		query.Set("slug", v.(string))
	}
	if v, ok := d.GetOk("designation"); ok {
		query.Set("designation", v.(string))
	}
	var res struct {
		Results []flow `json:"results"`
	}
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, "/flows/instances/", query, nil, "PaginatedFlowList", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	if len(res.Results) < 1 {
		return diag.Errorf("No matching flows found")
	}
	f := res.Results[0]
	var diags diag.Diagnostics
	d.SetId(f.Pk)
	set(d, "title", f.Title, &diags)
	set(d, "name", f.Name, &diags)
	set(d, "slug", f.Slug, &diags)
	set(d, "designation", f.Designation, &diags)
	set(d, "authentication", f.Authentication, &diags)
	return diags
}
