package vensim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead: any input gives a model or an error, never a panic or a hang;
// a model that is read also compiles or gives an error (arrays of at most
// 100 elements, so that the fuzzer spends its time on the reader).
func FuzzRead(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "conformance", "testdata", "test-models", "*", "*", "*.mdl"))
	sde, _ := filepath.Glob(filepath.Join("..", "conformance", "testdata", "sdeverywhere", "*", "*.mdl"))
	paths = append(append(paths, sde...), filepath.Join("testdata", "teacup.mdl"))
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"a = 1 ~~|", "x[d] = 1, 2 ~~|\nd: (a1-a2) ~~|", ":MACRO: M(x)\nM = M(x) ~~|\n:END OF MACRO:\ny = M(1) ~~|",
		":MACRO: S(a, b : d)\nS = a + b ~~|\nd = a - b ~~|\nv := GET XLS DATA('f.xlsx', 's', 'A', 'B2') ~~|\n:END OF MACRO:\ny[e] = S(1, 2) ~~|\nz = S(1, 2 : w) ~~|\ne: e1, e2 ~~|",
		"t((0,0),(1,1)) ~~|\ny = WITH LOOKUP(Time, ((0,0),(1,2))) ~~|", "s = INTEG(-f, 1) ~~|\nf = s ~~|",
		"d: a, b -> e ~~|\ne: x, y ~~|\nv[d] :EXCEPT: [a] = 1 ~~|", "y = SAMPLE IF TRUE(1, 2, 3) ~~|\n" + sketchMarker + "\n*View 1\n10,1,y,1,2,3,4\n",
		// The array and random builtins, ACTIVE INITIAL on some elements.
		"d: d1, d2 ~~|\nr[d] = 3, 4 ~~|\np[d] = 1, 2 ~~|\na[d] = ALLOCATE BY PRIORITY(r[d], p[d], ELMCOUNT(d), 1, Time) ~~|\n" +
			"m[d] = VECTOR ELM MAP(r[d1], p[d] - 1) ~~|\ns[d] = VECTOR SELECT(p[d!], r[d!], 0, 0, 0) ~~|",
		"y = RANDOM POISSON(0, 10, 3, 0, 1, 1) + RANDOM TRIANGULAR(0, 3, 1, 2, 3, 0) + NPV(1, 0.1, 0, 1) + NPVE(1, 0.1, 0, 1) + RANDOM PINK NOISE(0, 1, 2, 3) ~~|",
		"shape((0,0),(1,2),(3,0)) ~~|\ny = RANDOM LOOKUP(shape, 0.5, 2, 1) ~~|",
		"d: d1, d2 ~~|\np: ptype, ppriority, pwidth, pextra ~~|\nr[d] = 3, 4 ~~|\npp[d, p] = 1, 2, 1, 0; 3, 1, 1, 0 ~~|\na[d] = ALLOCATE AVAILABLE(r[d], pp[d, p], Time) ~~|",
		"d: d1, d2 ~~|\np: ptype, ppriority, pwidth, pextra ~~|\nr[d] = 3, 4 ~~|\npp[d, p] = 0, 0, 0, 0; 1, 5, 2, 0 ~~|\na[d] = ALLOCATE AVAILABLE(r[d], pp[d, p], Time) ~~|",
		"d: d1, d2 ~~|\nx[d1] = ACTIVE INITIAL(Time, 1) ~~|\nx[d2] = 2 ~~|\ns = INTEG(0, x[d1]) ~~|",
		// A sketch with a pipe from a stock through a valve to a cloud, an
		// arrow and a shadow: the view the reader builds from it.
		"s = INTEG(-f, 1) ~~|\nf = s ~~|\n" + sketchMarker + "\n*View 1\n10,1,s,100,100,40,20,3,3\n11,2,48,200,100,6,8,34,3\n10,3,f,200,116,10,8,40,3\n" +
			"1,4,2,1,100,0,0,22,0,0,0,-1--1--1,,1|(150,100)|\n12,5,48,300,100,10,8,0,3\n1,6,2,5,4,0,0,22,0,0,0,-1--1--1,,1|(250,100)|\n" +
			"10,7,s,300,300,10,8,8,2\n1,8,7,3,1,0,0,0,0,64,0,-1--1--1,,1|(150,150)|\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		file, err := new(Reader).Read(bytes.NewReader(src))
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if file.Model == nil {
			t.Fatal("no model and no error")
		}
		// Compiling large arrays is the engine's cost, linear in the
		// elements; keep the fuzzer on the reader.
		for _, v := range file.Model.Variables() {
			n := 1
			for _, name := range v.Dims {
				if d := file.Model.Dim(name); d != nil {
					n *= len(d.Elements)
				}
			}
			if n > 100 {
				return
			}
		}
		_, _ = file.Model.Compile()
	})
}
