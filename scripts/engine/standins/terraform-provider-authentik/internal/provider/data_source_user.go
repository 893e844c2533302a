package provider

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
)

// data authentik_user — real: pkg/provider/data_source_user.go. By pk it retrieves the user, by username
// it lists (exactly one match required).

func dataSourceUser() *schema.Resource {
	computed := func(t schema.ValueType) *schema.Schema { return &schema.Schema{Type: t, Computed: true} }
	return &schema.Resource{
		ReadContext: userDataRead,
		Description: StandInNote + "Directory --- Get users by pk or username",
		Schema: map[string]*schema.Schema{
			"pk": {Type: schema.TypeInt, Optional: true, Computed: true,
				ExactlyOneOf: []string{"pk", "username"}},
			"username": {Type: schema.TypeString, Optional: true, Computed: true,
				ExactlyOneOf: []string{"pk", "username"}},
			"type":         computed(schema.TypeString),
			"name":         computed(schema.TypeString),
			"is_active":    computed(schema.TypeBool),
			"last_login":   computed(schema.TypeString),
			"date_joined":  computed(schema.TypeString),
			"is_superuser": computed(schema.TypeBool),
			"groups":       {Type: schema.TypeList, Computed: true, Elem: &schema.Schema{Type: schema.TypeString}},
			"email":        computed(schema.TypeString),
			"avatar":       computed(schema.TypeString),
			"attributes":   computed(schema.TypeString),
			"uid":          computed(schema.TypeString),
			"uuid":         computed(schema.TypeString),
			"path":         computed(schema.TypeString),
		},
	}
}

type user struct {
	Pk          int32          `json:"pk"`
	Username    string         `json:"username"`
	Name        string         `json:"name"`
	IsActive    *bool          `json:"is_active"`
	LastLogin   *time.Time     `json:"last_login"`
	DateJoined  time.Time      `json:"date_joined"`
	IsSuperuser bool           `json:"is_superuser"`
	Groups      []string       `json:"groups"`
	Email       *string        `json:"email"`
	Avatar      string         `json:"avatar"`
	Attributes  map[string]any `json:"attributes"`
	UID         string         `json:"uid"`
	Path        *string        `json:"path"`
	Type        *string        `json:"type"`
	UUID        string         `json:"uuid"`
}

func setUserData(d *schema.ResourceData, u user) diag.Diagnostics {
	attrs, err := jsonText(u.Attributes)
	if err != nil {
		return diag.FromErr(err)
	}
	groups := u.Groups
	if groups == nil {
		groups = []string{}
	}
	var diags diag.Diagnostics
	d.SetId(strconv.Itoa(int(u.Pk)))
	set(d, "pk", int(u.Pk), &diags)
	set(d, "username", u.Username, &diags)
	set(d, "name", u.Name, &diags)
	set(d, "is_active", deref(u.IsActive), &diags)
	set(d, "last_login", timeText(u.LastLogin), &diags)
	set(d, "date_joined", timeText(&u.DateJoined), &diags)
	set(d, "is_superuser", u.IsSuperuser, &diags)
	set(d, "groups", groups, &diags)
	set(d, "email", deref(u.Email), &diags)
	set(d, "avatar", u.Avatar, &diags)
	set(d, "attributes", attrs, &diags)
	set(d, "uid", u.UID, &diags)
	set(d, "uuid", u.UUID, &diags)
	set(d, "path", deref(u.Path), &diags)
	set(d, "type", deref(u.Type), &diags)
	return diags
}

func userDataRead(ctx context.Context, d *schema.ResourceData, m any) diag.Diagnostics {
	c := m.(*apiClient)
	if pk, ok := d.GetOk("pk"); ok {
		var u user
		hr, err := c.call(ctx, http.MethodGet, "/core/users/"+strconv.Itoa(int(int32(pk.(int))))+"/", nil, nil, "User", &u)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		return setUserData(d, u)
	}
	if username, ok := d.GetOk("username"); ok {
		var res struct {
			Results []user `json:"results"`
		}
		hr, err := c.call(ctx, http.MethodGet, "/core/users/", url.Values{"username": {username.(string)}}, nil, "PaginatedUserList", &res)
		if err != nil {
			return httpToDiag(d, hr, err)
		}
		if len(res.Results) < 1 {
			return diag.Errorf("No matching users found")
		}
		if len(res.Results) > 1 {
			return diag.Errorf("Multiple users found")
		}
		return setUserData(d, res.Results[0])
	}
	return diag.Errorf("Neither pk nor username were provided")
}
