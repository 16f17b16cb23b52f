package expr

import "testing"

// BenchmarkParse parses equations of the shapes SD models are made of: a
// flow through a graphical function, a stage outflow, a chain's total, a
// smooth and a conditional.
//
//	go test ./sdmodel/expr -run '^$' -bench Parse -benchmem
func BenchmarkParse(b *testing.B) {
	eqs := []string{
		"chain1_base * (1 + 0.1 * SIN(2 * 3.14159 * TIME / 12)) * chain1_effect",
		"chain1_stock1 / chain1_stage_time",
		"chain1_stock1 + chain1_stock2 + chain1_stock3 + chain1_stock4 + chain1_stock5",
		"SMTH1(chain1_population, smoothing_time)",
		"IF Time > 10 THEN birth rate * population ELSE 0",
		"chain1_population / chain1_capacity",
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range eqs {
			if _, err := Parse(e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
