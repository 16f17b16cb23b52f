package sdmodel

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseSet reads a constant override written "name=value" (spaces around
// either part are ignored), as command lines take it, and returns the Set
// option.
func ParseSet(s string) (RunOption, error) {
	name, val, ok := strings.Cut(s, "=")
	name, val = strings.TrimSpace(name), strings.TrimSpace(val)
	if !ok || name == "" {
		return nil, fmt.Errorf("want name=value, found %q", s)
	}
	v, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not a number", name, val)
	}
	return Set(name, v), nil
}
