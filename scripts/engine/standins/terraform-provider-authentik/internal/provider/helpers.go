package provider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/hashicorp/go-cty/cty"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/validation"
)

// The real provider's request builders distinguish three ways a field reaches the body; these getters
// reproduce them so the stand-in sends exactly the same keys:
//   - always sent (d.Get):              the zero value goes out too;
//   - sent when set (GetOk, optStr):    "" / 0 / false are left out;
//   - nullable (always sent):           null when not set.

// optStr is the value when set and non-empty, else nil.
func optStr(d *schema.ResourceData, key string) *string {
	if v, ok := d.GetOk(key); ok {
		if s, ok := v.(string); ok {
			return &s
		}
	}
	return nil
}

// optInt32 is the value when set and non-zero, else nil.
func optInt32(d *schema.ResourceData, key string) *int32 {
	if v, ok := d.GetOk(key); ok {
		if i, ok := v.(int); ok {
			n := int32(i)
			return &n
		}
	}
	return nil
}

// putOpt adds key only when v is non-nil, as the generated ToMap does for optional fields.
func putOpt[T any](body map[string]any, key string, v *T) {
	if v != nil {
		body[key] = *v
	}
}

// nullable turns a nil pointer into JSON null for the always-sent nullable fields.
func nullable[T any](v *T) any {
	if v == nil {
		return nil
	}
	return *v
}

// stringList is the list at key, or an empty (never nil) list: such fields always go out, as [] if empty.
func stringList(d *schema.ResourceData, key string) []string {
	out := []string{}
	if v, ok := d.GetOk(key); ok {
		for _, item := range v.([]any) {
			out = append(out, item.(string))
		}
	}
	return out
}

func intList(d *schema.ResourceData, key string) []int {
	out := []int{}
	if v, ok := d.GetOk(key); ok {
		for _, item := range v.([]any) {
			out = append(out, item.(int))
		}
	}
	return out
}

func int32List(raw []any) []int32 {
	out := make([]int32, len(raw))
	for i, item := range raw {
		out[i] = int32(item.(int))
	}
	return out
}

func int32sToInts(in []int32) []int {
	out := make([]int, len(in))
	for i, v := range in {
		out[i] = int(v)
	}
	return out
}

// mergeKeepingOrder is the real provider's read-back merge for list attributes (helpers.ListConsistentMerge):
// entries already in prior keep prior's order (placed by the first prior position they match, so duplicates
// collapse), entries new to the server follow in the server's order, and entries the server dropped vanish.
func mergeKeepingOrder[T comparable](prior, fresh []T) []T {
	firstAt := map[T]int{}
	for i, v := range prior {
		if _, seen := firstAt[v]; !seen {
			firstAt[v] = i
		}
	}
	kept := map[int]T{}
	added := []T{}
	for _, v := range fresh {
		if i, ok := firstAt[v]; ok {
			kept[i] = v
		} else {
			added = append(added, v)
		}
	}
	positions := make([]int, 0, len(kept))
	for i := range kept {
		positions = append(positions, i)
	}
	slices.Sort(positions)
	out := make([]T, 0, len(fresh))
	for _, i := range positions {
		out = append(out, kept[i])
	}
	return append(out, added...)
}

// set writes one attribute; the real provider panics on a failed Set, the stand-in reports it.
func set(d *schema.ResourceData, key string, value any, diags *diag.Diagnostics) {
	if err := d.Set(key, value); err != nil {
		*diags = append(*diags, diag.Errorf("stand-in: setting %q: %s", key, err)...)
	}
}

func enumDescription(values []string) string {
	var b strings.Builder
	b.WriteString("Allowed values:\n")
	for _, v := range values {
		fmt.Fprintf(&b, "  - `%s`\n", v)
	}
	return b.String()
}

func inEnum(values []string) schema.SchemaValidateDiagFunc {
	return validation.ToDiagFunc(validation.StringInSlice(values, false))
}

const durationDescription = "Format: hours=1;minutes=2;seconds=3."

// validateDuration accepts `unit=value` pairs joined by ';' with authentik's units, like the real provider.
func validateDuration(v any, p cty.Path) diag.Diagnostics {
	units := []string{"microseconds", "milliseconds", "seconds", "minutes", "hours", "days", "weeks"}
	return validation.ToDiagFunc(func(v any, key string) ([]string, []error) {
		s, ok := v.(string)
		if !ok {
			return nil, []error{fmt.Errorf("expected type of %s to be string", key)}
		}
		var errs []error
		for part := range strings.SplitSeq(s, ";") {
			kv := strings.Split(part, "=")
			if len(kv) < 2 {
				return nil, append(errs, fmt.Errorf("%s has incorrect amount of elements", part))
			}
			if !slices.ContainsFunc(units, func(u string) bool { return strings.EqualFold(u, kv[0]) }) {
				errs = append(errs, fmt.Errorf("%s has incorrect key %s", part, kv[0]))
			}
		}
		return nil, errs
	})(v, p)
}

const jsonDescription = "JSON format expected. Use `jsonencode()` to pass objects."

func validateJSON(v any, p cty.Path) diag.Diagnostics {
	return validation.ToDiagFunc(func(v any, key string) ([]string, []error) {
		s, ok := v.(string)
		if !ok {
			return nil, []error{fmt.Errorf("expected type of %s to be string", key)}
		}
		var parsed any
		if err := json.Unmarshal([]byte(s), &parsed); err != nil {
			return nil, []error{err}
		}
		return nil, nil
	})(v, p)
}

// suppressExpressionDiff ignores one trailing newline in the configured expression (authentik strips it).
func suppressExpressionDiff(_, prior, planned string, _ *schema.ResourceData) bool {
	return strings.TrimSuffix(planned, "\n") == prior
}

// suppressJSONDiff treats JSON documents with equal content as equal.
func suppressJSONDiff(_, prior, planned string, _ *schema.ResourceData) bool {
	var a, b any
	if json.Unmarshal([]byte(prior), &a) != nil || json.Unmarshal([]byte(planned), &b) != nil {
		return false
	}
	return reflect.DeepEqual(a, b)
}
