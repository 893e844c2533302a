package provider

import (
	"reflect"
	"testing"

	"github.com/hashicorp/go-cty/cty"
)

// Cases follow the real helpers.ListConsistentMerge (pkg/helpers/list.go) step by step.
func TestMergeKeepingOrderMatchesTheRealListConsistentMerge(t *testing.T) {
	cases := []struct{ prior, fresh, want []string }{
		{[]string{"b", "a"}, []string{"a", "b"}, []string{"b", "a"}},                     // prior order wins
		{[]string{"b", "a"}, []string{"c", "a", "d", "b"}, []string{"b", "a", "c", "d"}}, // new ones appended in server order
		{[]string{"a", "b", "c"}, []string{"c", "a"}, []string{"a", "c"}},                // dropped ones vanish
		{nil, []string{"z", "y"}, []string{"z", "y"}},                                    // import: server order
		{[]string{"a"}, []string{"a", "a"}, []string{"a"}},                               // duplicates collapse onto one prior slot
		{[]string{"a", "b"}, []string{}, []string{}},
	}
	for _, tc := range cases {
		if got := mergeKeepingOrder(tc.prior, tc.fresh); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("merge(%v, %v) = %v, want %v", tc.prior, tc.fresh, got, tc.want)
		}
	}
}

func TestDurationValidationFollowsTheRealRules(t *testing.T) {
	for value, ok := range map[string]bool{
		"minutes=1": true, "hours=1;minutes=2;seconds=3": true, "Days=30": true,
		"minutes": false, "fortnights=1": false, "minutes=1;": false,
	} {
		if diags := validateDuration(value, cty.Path{}); diags.HasError() == ok {
			t.Errorf("%q: errors %v, want ok=%v", value, diags, ok)
		}
	}
}

func TestJSONDiffSuppression(t *testing.T) {
	if !suppressJSONDiff("attributes", `{"a":1,"b":[true]}`, `{ "b": [true], "a": 1 }`, nil) {
		t.Error("equal documents must not diff")
	}
	if suppressJSONDiff("attributes", `null`, `{}`, nil) {
		t.Error("null and {} differ, as in the real provider")
	}
}
