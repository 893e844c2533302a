package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The real provider's API client (openapi-generator Go, goauthentik.io/api/v3) refuses a response that
// lacks a required property, carries an enum value outside the schema, has a JSON type its Go field cannot
// hold, or a date-time that is not RFC 3339. checkModel applies those same rules from apischema_gen.go, so a
// server answer the real provider would reject fails here too. Unknown properties are accepted, as there
// (the client is generated with disallowAdditionalPropertiesIfNotPresent=false).

type propKind int

const (
	kindAny propKind = iota
	kindString
	kindInteger
	kindNumber
	kindBoolean
	kindObject
	kindArray
	kindEnum
	kindModel
)

type apiProp struct {
	Kind     propKind
	Format   string
	Ref      string
	Nullable bool
	Items    *apiProp
}

type apiNamedProp struct {
	Name string
	Prop apiProp
}

type apiModel struct {
	Required []string
	Props    []apiNamedProp
}

func isNull(raw json.RawMessage) bool {
	return string(bytes.TrimSpace(raw)) == "null"
}

func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number " + string(t)
}

func isNumber(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && (t[0] == '-' || (t[0] >= '0' && t[0] <= '9'))
}

func typeError(raw json.RawMessage, field, goType string) error {
	return fmt.Errorf("json: cannot unmarshal %s into Go struct field %s of type %s", jsonKind(raw), field, goType)
}

// checkModel validates raw against the named model the way the generated UnmarshalJSON does: required
// properties first (in schema order), then each property's type.
func checkModel(name string, raw json.RawMessage) error {
	model, ok := apiModels[name]
	if !ok {
		return fmt.Errorf("stand-in: no schema for model %s", name)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return err
	}
	for _, req := range model.Required {
		if _, present := fields[req]; !present {
			return fmt.Errorf("no value given for required property %v", req)
		}
	}
	for _, p := range model.Props {
		if v, present := fields[p.Name]; present {
			if err := checkProp(p.Prop, v, name+"."+p.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkProp(p apiProp, raw json.RawMessage, field string) error {
	if isNull(raw) {
		switch {
		case p.Nullable:
			return nil
		case p.Kind == kindEnum:
			// A non-pointer enum's UnmarshalJSON receives null and sees "" — not an allowed value.
			return fmt.Errorf("%+v is not a valid %s", "", p.Ref)
		case p.Kind == kindModel:
			return checkModel(p.Ref, raw)
		}
		return nil // null leaves a Go value or pointer field unset
	}
	switch p.Kind {
	case kindAny:
		return nil
	case kindString:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return typeError(raw, field, "string")
		}
		if p.Format == "date-time" {
			var t time.Time
			return t.UnmarshalJSON(raw)
		}
	case kindInteger:
		bits, goType := 32, "int32"
		if p.Format == "int64" {
			bits, goType = 64, "int64"
		}
		if !isNumber(raw) {
			return typeError(raw, field, goType)
		}
		if _, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, bits); err != nil {
			return typeError(raw, field, goType)
		}
	case kindNumber:
		bits, goType := 32, "float32"
		if p.Format == "double" {
			bits, goType = 64, "float64"
		}
		if !isNumber(raw) {
			return typeError(raw, field, goType)
		}
		if _, err := strconv.ParseFloat(string(bytes.TrimSpace(raw)), bits); err != nil {
			return typeError(raw, field, goType)
		}
	case kindBoolean:
		var b bool
		if json.Unmarshal(raw, &b) != nil {
			return typeError(raw, field, "bool")
		}
	case kindObject:
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return typeError(raw, field, "map[string]interface {}")
		}
	case kindEnum:
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return typeError(raw, field, p.Ref)
		}
		if !slices.Contains(apiEnums[p.Ref], s) {
			return fmt.Errorf("%+v is not a valid %s", s, p.Ref)
		}
	case kindArray:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return typeError(raw, field, "[]")
		}
		for _, item := range items {
			if err := checkProp(*p.Items, item, field); err != nil {
				return err
			}
		}
	case kindModel:
		return checkModel(p.Ref, raw)
	}
	return nil
}
