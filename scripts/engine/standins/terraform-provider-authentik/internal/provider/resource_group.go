package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// authentik_group — real: pkg/provider/resource_group.go. Not used by mailcow-sso; kept because it is small.

func resourceGroup() *schema.Resource {
	return &schema.Resource{
		Description:   StandInNote + "Directory --- ",
		CreateContext: groupCreate,
		ReadContext:   groupRead,
		UpdateContext: groupUpdate,
		DeleteContext: groupDelete,
		Importer:      &schema.ResourceImporter{StateContext: schema.ImportStatePassthroughContext},
		Schema: map[string]*schema.Schema{
			"name":         {Type: schema.TypeString, Required: true},
			"is_superuser": {Type: schema.TypeBool, Optional: true, Default: false},
			"parents":      {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"users": {Type: schema.TypeList, Optional: true, Computed: true,
				Elem: &schema.Schema{Type: schema.TypeInt}},
			"attributes": {Type: schema.TypeString, Optional: true, Default: "{}", Description: jsonDescription,
				DiffSuppressFunc: suppressJSONDiff, ValidateDiagFunc: validateJSON},
			"roles": {Type: schema.TypeList, Optional: true, Elem: &schema.Schema{Type: schema.TypeString}},
		},
	}
}

type group struct {
	Pk          string         `json:"pk"`
	NumPk       int32          `json:"num_pk"`
	Name        string         `json:"name"`
	IsSuperuser *bool          `json:"is_superuser"`
	Parents     []string       `json:"parents"`
	Users       []int32        `json:"users"`
	UsersObj    []partialUser  `json:"users_obj"`
	Attributes  map[string]any `json:"attributes"`
	Roles       []string       `json:"roles"`
}

// groupBody: the lists always go out; attributes is the parsed JSON object (left out if it parses to null).
func groupBody(d *schema.ResourceData) (map[string]any, diag.Diagnostics) {
	body := map[string]any{
		"name":         d.Get("name").(string),
		"is_superuser": d.Get("is_superuser").(bool),
		"parents":      stringList(d, "parents"),
		"users":        int32List(d.Get("users").([]any)),
		"roles":        stringList(d, "roles"),
	}
	if raw := optStr(d, "attributes"); raw != nil {
		var attrs map[string]any
		if err := json.NewDecoder(strings.NewReader(*raw)).Decode(&attrs); err != nil {
			return nil, diag.FromErr(err)
		}
		if attrs != nil {
			body["attributes"] = attrs
		}
	}
	return body, nil
}

func groupPath(id string) string { return "/core/groups/" + url.PathEscape(id) + "/" }

func groupCreate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	body, diags := groupBody(d)
	if diags.HasError() {
		return diags
	}
	var res group
	hr, err := m.(*apiClient).call(ctx, http.MethodPost, "/core/groups/", nil, body, "Group", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return groupRead(ctx, d, m)
}

func groupRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	var res group
	query := url.Values{"include_users": {"false"}}
	hr, err := m.(*apiClient).call(ctx, http.MethodGet, groupPath(d.Id()), query, nil, "Group", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	var diags diag.Diagnostics
	set(d, "name", res.Name, &diags)
	set(d, "is_superuser", res.IsSuperuser, &diags)
	set(d, "parents", mergeKeepingOrder(stringList(d, "parents"), res.Parents), &diags)
	set(d, "users", mergeKeepingOrder(intList(d, "users"), int32sToInts(res.Users)), &diags)
	// The real provider merges roles against the non-existent key "role", so roles keep the server's order.
	set(d, "roles", mergeKeepingOrder(stringList(d, "role"), res.Roles), &diags)
	attrs, err := json.Marshal(res.Attributes)
	if err != nil {
		return append(diags, diag.FromErr(err)...)
	}
	set(d, "attributes", string(attrs), &diags)
	return diags
}

func groupUpdate(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	body, diags := groupBody(d)
	if diags.HasError() {
		return diags
	}
	var res group
	hr, err := m.(*apiClient).call(ctx, http.MethodPut, groupPath(d.Id()), nil, body, "Group", &res)
	if err != nil {
		return httpToDiag(d, hr, err)
	}
	d.SetId(res.Pk)
	return groupRead(ctx, d, m)
}

func groupDelete(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	return deleteObject(ctx, d, m, groupPath(d.Id()))
}
