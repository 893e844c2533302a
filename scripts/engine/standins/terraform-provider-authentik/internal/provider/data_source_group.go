package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_group — real: pkg/provider/data_source_group.go. By pk it retrieves the group, by name it
// lists (exactly one match required); include_users is always sent.

func dataSourceGroup() *schema.Resource {
	computed := func(t schema.ValueType) *schema.Schema { return &schema.Schema{Type: t, Computed: true} }
	member := &schema.Resource{Schema: map[string]*schema.Schema{
		"pk":         computed(schema.TypeInt),
		"username":   computed(schema.TypeString),
		"name":       computed(schema.TypeString),
		"is_active":  computed(schema.TypeBool),
		"last_login": computed(schema.TypeString),
		"email":      computed(schema.TypeString),
		"attributes": computed(schema.TypeString),
		"uid":        computed(schema.TypeString),
	}}
	return &schema.Resource{
		ReadContext: groupDataRead,
		Description: StandInNote + "Directory --- Get groups by pk or name",
		Schema: map[string]*schema.Schema{
			"pk":     {Type: schema.TypeString, Optional: true, ExactlyOneOf: []string{"pk", "name"}},
			"num_pk": computed(schema.TypeInt),
			"name":   {Type: schema.TypeString, Optional: true, ExactlyOneOf: []string{"pk", "name"}},
			"include_users": {Type: schema.TypeBool, Optional: true, Default: true,
				Description: "Whether to include group members. Note that depending on group size, this can make the Terraform state a lot larger."},
			"is_superuser": computed(schema.TypeBool),
			"parents":      {Type: schema.TypeList, Computed: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"parent_name":  computed(schema.TypeString),
			"users":        {Type: schema.TypeList, Computed: true, Elem: &schema.Schema{Type: schema.TypeInt}},
			"attributes":   computed(schema.TypeString),
			"users_obj":    {Type: schema.TypeList, Computed: true, Elem: member},
		},
	}
}

type partialUser struct {
	Pk         int32          `json:"pk"`
	Username   string         `json:"username"`
	Name       string         `json:"name"`
	IsActive   *bool          `json:"is_active"`
	LastLogin  *time.Time     `json:"last_login"`
	Email      *string        `json:"email"`
	Attributes map[string]any `json:"attributes"`
	UID        string         `json:"uid"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// timeText is the generated client's time rendering (time.Time.MarshalText, RFC 3339 with nanoseconds).
func timeText(t *time.Time) string {
	if t == nil {
		return ""
	}
	b, err := t.MarshalText()
	if err != nil {
		return ""
	}
	return string(b)
}

func jsonText(v map[string]any) (string, error) {
	b, err := json.Marshal(v) // a missing object renders as "null", as in the real provider
	return string(b), err
}

func setGroupData(d *schema.ResourceData, g group) diag.Diagnostics {
	var diags diag.Diagnostics
	members := make([]map[string]any, len(g.UsersObj))
	for i, u := range g.UsersObj {
		attrs, err := jsonText(u.Attributes)
		if err != nil {
			return diag.FromErr(err)
		}
		members[i] = map[string]any{"pk": int(u.Pk), "username": u.Username, "name": u.Name,
			"is_active": deref(u.IsActive), "last_login": timeText(u.LastLogin), "email": deref(u.Email),
			"attributes": attrs, "uid": u.UID}
	}
	attrs, err := jsonText(g.Attributes)
	if err != nil {
		return diag.FromErr(err)
	}
	parents := g.Parents
	if parents == nil {
		parents = []string{}
	}
	d.SetId(g.Pk)
	set(d, "pk", g.Pk, &diags)
	set(d, "num_pk", int(g.NumPk), &diags)
	set(d, "name", g.Name, &diags)
	set(d, "is_superuser", deref(g.IsSuperuser), &diags)
	set(d, "users", int32sToInts(g.Users), &diags)
	set(d, "parents", parents, &diags)
	set(d, "attributes", attrs, &diags)
	set(d, "users_obj", members, &diags)
	return diags
}

func groupDataRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	query := url.Values{"include_users": {strconv.FormatBool(d.Get("include_users").(bool))}}
	if pk, ok := d.GetOk("pk"); ok {
		var g group
		hr, err := c.call(ctx, http.MethodGet, groupPath(pk.(string)), query, nil, "Group", &g)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		return setGroupData(d, g)
	}
	if name, ok := d.GetOk("name"); ok {
		query.Set("name", name.(string))
		var res struct {
			Results []group `json:"results"`
		}
		hr, err := c.call(ctx, http.MethodGet, "/core/groups/", query, nil, "PaginatedGroupList", &res)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		if len(res.Results) < 1 {
			return diag.Errorf("No matching groups found")
		}
		if len(res.Results) > 1 {
			return diag.Errorf("Multiple groups found")
		}
		return setGroupData(d, res.Results[0])
	}
	return diag.Errorf("Neither pk nor name were provided")
}
