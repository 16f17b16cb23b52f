package lessonkit

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdlessons/trafficking/sdmodel"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

// services is the first-order model of lesson 0.
func services() *sdmodel.Model { return ServicesModel() }

func TestTable(t *testing.T) {
	tb := NewTable("a", "b").Row(1, "x|y").Row("only one").Row(1, 2, 3)
	assert.Equal(t, "| a | b |  |\n|---|---|---|\n| 1 | x\\|y |  |\n| only one |  |  |\n| 1 | 2 | 3 |\n", tb.Markdown())
	assert.Equal(t, "| h |\n|---|\n", NewTable("h").Markdown())
}

func TestColumns(t *testing.T) {
	got := Columns([]string{"x", "y"}, []string{"1", "2", "3"}, []string{"a"})
	assert.Equal(t, "| x | y |\n|---|---|\n| 1 | a |\n| 2 |  |\n| 3 |  |\n", got)
}

func TestBoundaryOfTrafficking(t *testing.T) {
	m := trafficking.Build()
	b := BoundaryOf(m)
	assert.Contains(t, b.Endogenous, trafficking.TraffickedPersons)
	assert.Contains(t, b.Endogenous, "price")
	for _, v := range m.Variables() {
		if v.Kind != sdmodel.Stock {
			continue
		}
		if len(v.Name) > 10 && v.Name[:10] == "cumulative" {
			assert.NotContains(t, b.Endogenous, v.Name, "an outcome accumulator is bookkeeping, not structure")
		} else {
			assert.Contains(t, b.Endogenous, v.Name)
		}
	}
	assert.Equal(t, []string{"pandemic stringency (time series)", "unemployment data (time series)"}, b.Exogenous)
	assert.Empty(t, b.Excluded)
}

func TestBoundaryOfTellsSeriesFromRelationships(t *testing.T) {
	m := services()
	m.Graphical("referral data", "TIME", []float64{0, 48}, []float64{5, 10}, "persons/month")
	m.Graphical("effect of crowding", "", []float64{0, 100}, []float64{1, 0.5}, "dimensionless")
	m.Aux("crowding effect", "effect of crowding(survivors in services)", "dimensionless")
	m.Aux("year", "TIME / 12", "dimensionless")
	m.Graphical("budget", "", []float64{0, 4}, []float64{1, 2}, "dimensionless")
	m.Aux("budget now", "budget(year)", "dimensionless")
	m.Stock("cumulative exits", "0", "persons").In("exits counted")
	m.Flow("exits counted", "exits", "persons/month")
	b := BoundaryOf(m)
	assert.Equal(t, []string{"survivors in services"}, b.Endogenous)
	assert.Equal(t, []string{"referral data (time series)", "budget (time series)"}, b.Exogenous)
	assert.Contains(t, b.Markdown(), "| survivors in services | referral data (time series) |  |\n")
}

func TestUsedNames(t *testing.T) {
	assert.Equal(t, []string{"MIN", "a", "b c", "a"}, UsedNames("MIN(a, b c) + a"))
	assert.Nil(t, UsedNames("a +"))
}

func TestHoldAtStart(t *testing.T) {
	full := services()
	part := sdmodel.New("exits alone")
	part.Time = full.Time
	part.Stock("survivors in services", "initial survivors", "persons").In("admissions").Out("exits")
	part.Flow("exits", "survivors in services / time in services", "persons/month")
	p, held, err := HoldAtStart(part, full)
	require.NoError(t, err)
	assert.Equal(t, []string{"admissions"}, held, "the inflow is held; constants are copied, not held")
	assert.Equal(t, sdmodel.Flow, p.Var("admissions").Kind)
	assert.Equal(t, "5", p.Var("admissions").Equation)
	assert.Nil(t, part.Var("admissions"), "the partial model itself is not changed")
	res, err := RunModel(p)
	require.NoError(t, err)
	assert.InDelta(t, 60*(1-math.Exp(-4)), res.Final("survivors in services"), 0.5)
}

func TestSplitSectors(t *testing.T) {
	m := services()
	starts := []SectorStart{{"stock", "survivors in services"}, {"parameters", "referrals per month"}}
	s, err := SplitSectors(m, starts, nil)
	require.NoError(t, err)
	require.Len(t, s, 2)
	assert.Len(t, s[0].Vars, 3)
	assert.Equal(t, "parameters", s[1].Name)
	assert.Len(t, s[1].Vars, 3)

	skipConst := func(v *sdmodel.Variable) bool { return v.Kind == sdmodel.Const }
	_, err = SplitSectors(m, starts, skipConst)
	assert.ErrorContains(t, err, `found 1 of 2 sectors (no "referrals per month" after sector "stock")`)
	_, err = SplitSectors(m, []SectorStart{{"flows", "admissions"}}, nil)
	assert.ErrorContains(t, err, `variable "survivors in services" comes before the first sector`)
}

func TestCompareModels(t *testing.T) {
	c, err := CompareModels(services(), services(), 0)
	require.NoError(t, err)
	assert.Equal(t, c.Variables, c.Identical)
	assert.Equal(t, 49, c.Saved)
	assert.Zero(t, c.Worst)

	respelt := services()
	respelt.Remove("exits")
	respelt.Flow("exits", "Survivors_In_Services/time   in services", "persons/month")
	_, err = CompareModels(respelt, services(), 0)
	assert.NoError(t, err, "spelling and spacing do not make another model")

	other := services()
	other.Remove("exits")
	other.Flow("exits", "survivors in services / time in services / 2", "persons/month")
	_, err = CompareModels(other, services(), 0)
	assert.ErrorContains(t, err, "equations differ:\nexits:")

	faster := services()
	faster.Remove("time in services")
	faster.Const("time in services", 6, "month")
	_, err = CompareModels(faster, services(), 0)
	assert.ErrorContains(t, err, "equations differ:\ntime in services: constant \"6\"")

	table := services()
	table.Graphical("g", "TIME", []float64{0, 1}, []float64{0, 1}, "dimensionless")
	table2 := services()
	table2.Graphical("g", "TIME", []float64{0, 1}, []float64{0, 2}, "dimensionless")
	_, err = CompareModels(table, table2, 0)
	assert.ErrorContains(t, err, "equations differ:\ng:", "a graphical function's table is part of the model")
}

func TestCompareRuns(t *testing.T) {
	c, err := services().Compile()
	require.NoError(t, err)
	a, err := c.Run()
	require.NoError(t, err)
	b, err := c.Run(sdmodel.Set("time in services", 6))
	require.NoError(t, err)
	cmp := compareRuns(a, b)
	assert.Equal(t, 3, cmp.Identical, "admissions and the two constants not set")
	assert.Equal(t, 6, cmp.Variables)
	assert.InDelta(t, 1.0, cmp.Worst, 1e-12, "time in services: 12 against 6")
	assert.Contains(t, cmp.String(), "largest relative difference")
}

func TestCheckSum(t *testing.T) {
	right := func(xs []float64) (s float64) {
		for _, x := range xs {
			s += x
		}
		return s
	}
	assert.NoError(t, CheckSum(right))
	assert.ErrorContains(t, CheckSum(nil), "nil")
	assert.ErrorContains(t, CheckSum(func(xs []float64) float64 { return 1 }), "empty slice adds up to 0")
	assert.ErrorContains(t, CheckSum(func(xs []float64) float64 {
		if len(xs) > 1 {
			return right(xs[1:])
		}
		return right(xs)
	}), "sum([5 -2 0.5 12]) = 10.5, want 15.5")
}

func TestCheckStayTime(t *testing.T) {
	right := func(s, o float64) (float64, error) {
		if o <= 0 {
			return 0, errors.New("no outflow")
		}
		return s / o, nil
	}
	assert.NoError(t, CheckStayTime(right))
	assert.ErrorContains(t, CheckStayTime(func(s, o float64) (float64, error) { return s / o, nil }), "with no error")
	assert.ErrorContains(t, CheckStayTime(func(s, o float64) (float64, error) { return o / s, nil }), "Little's law")
	assert.ErrorContains(t, CheckStayTime(func(s, o float64) (float64, error) {
		if o <= 0 {
			panic("no outflow")
		}
		return s / o, nil
	}), "panicked")
}

func TestCheckStartFull(t *testing.T) {
	c, err := services().Compile()
	require.NoError(t, err)
	full, err := c.Run(sdmodel.Set("initial survivors", 60))
	require.NoError(t, err)
	assert.NoError(t, CheckStartFull(full, "survivors in services", 60))
	empty, err := c.Run()
	require.NoError(t, err)
	assert.ErrorContains(t, CheckStartFull(empty, "survivors in services", 60), "starts at 0")
	half, err := c.Run(sdmodel.Set("initial survivors", 60), sdmodel.Set("time in services", 6))
	require.NoError(t, err)
	assert.ErrorContains(t, CheckStartFull(half, "survivors in services", 60), "moves away from 60")
	assert.Error(t, CheckStartFull(nil, "x", 1))
}

func TestCheckOutflowAndEquilibrium(t *testing.T) {
	m := services()
	m.Var("survivors in services").Out("re-trafficking")
	m.Flow("re-trafficking", `survivors in services * "re-trafficking fraction"`, "persons/month")
	m.Const("re-trafficking fraction", 0.004, "1/month")
	assert.NoError(t, CheckOutflow(m, "survivors in services", "re-trafficking", "re-trafficking fraction"))
	settle := 5 / (1.0/12 + 0.004)
	assert.NoError(t, CheckEquilibrium(m, "survivors in services", settle))
	assert.ErrorContains(t, CheckEquilibrium(m, "survivors in services", 60), "60 is too high")
	assert.ErrorContains(t, CheckEquilibrium(m, "survivors in services", 50), "50 is too low")

	tests := []struct {
		name string
		edit func(m *sdmodel.Model)
		want string
	}{
		{"missing", func(m *sdmodel.Model) {}, `no variable "re-trafficking"`},
		{"aux", func(m *sdmodel.Model) {
			m.Aux("re-trafficking", "survivors in services * 0.004", "persons/month")
		}, "not a flow but a variable of kind auxiliary"},
		{"not attached", func(m *sdmodel.Model) {
			m.Flow("re-trafficking", "survivors in services * 0.004", "persons/month")
		}, "is not an outflow"},
		{"constant typed in", func(m *sdmodel.Model) {
			m.Var("survivors in services").Out("re-trafficking")
			m.Flow("re-trafficking", "survivors in services * 0.004", "persons/month")
		}, `does not use "re-trafficking fraction"`},
		{"name unquoted", func(m *sdmodel.Model) {
			m.Var("survivors in services").Out("re-trafficking")
			m.Flow("re-trafficking", "survivors in services * re-trafficking fraction", "persons/month")
			m.Const("re-trafficking fraction", 0.004, "1/month")
		}, `unknown name "re"`},
		{"units", func(m *sdmodel.Model) {
			m.Var("survivors in services").Out("re-trafficking")
			m.Flow("re-trafficking", `survivors in services * "re-trafficking fraction"`, "persons")
			m.Const("re-trafficking fraction", 0.004, "1/month")
		}, "units:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := services()
			tc.edit(m)
			err := CheckOutflow(m, "survivors in services", "re-trafficking", "re-trafficking fraction")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCheckEquilibriumUnsettled(t *testing.T) {
	m := sdmodel.New("growth")
	m.SetTime(sdmodel.Time{Start: 0, Stop: 10, DT: 0.25, Units: "year"})
	m.Stock("population", "1", "persons").In("births")
	m.Flow("births", "population * 0.1", "persons/year")
	assert.ErrorContains(t, CheckEquilibrium(m, "population", 1), "has not settled")
}

func TestCheckMaxError(t *testing.T) {
	c, err := services().Compile()
	require.NoError(t, err)
	res, err := c.Run(sdmodel.WithDT(1))
	require.NoError(t, err)
	exact := func(t float64) float64 { return 60 * (1 - math.Exp(-t/12)) }
	right := func(r *sdmodel.Results) float64 {
		worst := 0.0
		for i, t := range r.Time() {
			worst = max(worst, math.Abs(r.Value("survivors in services", i)-exact(t)))
		}
		return worst
	}
	assert.NoError(t, CheckMaxError(right, res, "survivors in services", exact))
	assert.ErrorContains(t, CheckMaxError(func(r *sdmodel.Results) float64 { return -right(r) }, res, "survivors in services", exact), "never negative")
	assert.ErrorContains(t, CheckMaxError(func(r *sdmodel.Results) float64 {
		return math.Abs(r.Final("survivors in services") - exact(48))
	}, res, "survivors in services", exact), "every saved time")
}

func TestCheckStepInput(t *testing.T) {
	m := services()
	assert.ErrorContains(t, CheckStepInput(m, "referrals per month", 5, 10, 24), "still a constant")
	m.Remove("referrals per month")
	m.Aux("referrals per month", "5 + STEP(5, 24)", "persons/month")
	assert.NoError(t, CheckStepInput(m, "referrals per month", 5, 10, 24))
	m.Remove("referrals per month")
	m.Aux("referrals per month", "5 + STEP(5, 12)", "persons/month")
	assert.ErrorContains(t, CheckStepInput(m, "referrals per month", 5, 10, 24), "is 10 at time 12, want 5")
}

func TestVerdict(t *testing.T) {
	assert.Equal(t, "✓ right", Verdict(nil))
	assert.Equal(t, "✗ not yet: 60 is too high", Verdict(errors.New("60 is too high")))
}

func TestPanelWithoutBrowser(t *testing.T) {
	v := 1
	p := Panel{Sliders: []Slider{{Label: "x", Min: 0, Max: 2, Value: &v}}, Draw: func() (string, error) { return "", nil }, Probe: time.Hour}
	start := time.Now()
	err := p.Run()
	assert.ErrorIs(t, err, ErrNoBrowser)
	assert.Less(t, time.Since(start), time.Second, "no probe outside a notebook")

	t.Setenv(HeadlessEnv, "1")
	assert.ErrorContains(t, p.Run(), HeadlessEnv+" is set")

	assert.ErrorContains(t, Panel{Draw: p.Draw}.Run(), "needs sliders")
	bad := Panel{Sliders: []Slider{{Label: "y", Min: 3, Max: 3, Value: &v}}, Draw: p.Draw}
	assert.ErrorContains(t, bad.Run(), `slider "y" needs a Value and Min < Max`)
}

func ExampleTable() {
	t := NewTable("scenario", "victim-months", "vs baseline")
	t.Row("baseline", 94261, "")
	t.Row("end-demand", 80000, fmt.Sprintf("%+.1f %%", -15.1))
	fmt.Print(t.Markdown())
	// Output:
	// | scenario | victim-months | vs baseline |
	// |---|---|---|
	// | baseline | 94261 |  |
	// | end-demand | 80000 | -15.1 % |
}

func ExampleBoundary() {
	m := sdmodel.New("services")
	m.Stock("survivors in services", "0", "persons").In("admissions").Out("exits")
	m.Graphical("referral data", "TIME", []float64{0, 48}, []float64{5, 10}, "persons/month")
	m.Flow("admissions", "referral data", "persons/month")
	m.Flow("exits", "survivors in services / 12", "persons/month")
	b := BoundaryOf(m)
	b.Excluded = []string{"waiting lists (every referral finds a place)"}
	fmt.Print(b.Markdown())
	// Output:
	// | endogenous (stocks) | exogenous | excluded |
	// |---|---|---|
	// | survivors in services | referral data (time series) | waiting lists (every referral finds a place) |
}

func ExampleCheckEquilibrium() {
	m := services()
	m.Var("survivors in services").Out("re-trafficking")
	m.Flow("re-trafficking", `survivors in services * "re-trafficking fraction"`, "persons/month")
	m.Const("re-trafficking fraction", 0.004, "1/month")
	fmt.Println(Verdict(CheckOutflow(m, "survivors in services", "re-trafficking", "re-trafficking fraction")))
	fmt.Println(Verdict(CheckEquilibrium(m, "survivors in services", 60)))
	// Output:
	// ✓ right
	// ✗ not yet: 60 is too high: in equilibrium the inflow equals the sum of the outflows; solve that for the stock
}

func ExamplePanel() {
	price, stay := 100, 12
	err := Panel{
		Draw: func() (string, error) { return fmt.Sprintf("<p>price %d, stay %d</p>", price, stay), nil },
		Sliders: []Slider{
			{Label: "price ($)", Min: 50, Max: 200, Value: &price},
			{Label: "stay (months)", Min: 1, Max: 24, Value: &stay},
		},
	}.Run()
	if errors.Is(err, ErrNoBrowser) {
		fmt.Println("no browser: the cell goes on")
	}
	// Output:
	// no browser: the cell goes on
}

func ExampleCompareModels() {
	respelt := services()
	respelt.Remove("exits")
	respelt.Flow("exits", "Survivors_In_Services/time   in services", "persons/month")
	same, err := CompareModels(respelt, services(), 0)
	fmt.Println(same, err)
	// Output:
	// 6 saved series, 49 saved times: 6 series identical bit for bit; largest relative difference 0 <nil>
}
