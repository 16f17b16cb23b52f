package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/sdlessons/trafficking/sdmodel"
)

// SetFlag parses -set name=value into a constant override.
func SetFlag(sets *[]sdmodel.RunOption) func(string) error {
	return func(s string) error {
		opt, err := sdmodel.ParseSet(s)
		if err == nil {
			*sets = append(*sets, opt)
		}
		return err
	}
}

// Positive parses a flag that must be a positive number into dst.
func Positive(dst *float64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v > 0) {
			return fmt.Errorf("want a positive number, found %q", s)
		}
		*dst = v
		return nil
	}
}

// AnyFloat parses a flag that is any number; *dst stays nil when the flag
// is not given.
func AnyFloat(dst **float64) func(string) error {
	return func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("want a number, found %q", s)
		}
		*dst = &v
		return nil
	}
}

// List splits a comma-separated flag value.
func List(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}
