package main

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sdlessons/trafficking/sdmodel/loops"
	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

const loopsSynopsis = "loops [-scenario NAME] [-dominance]"

// loopsCmd lists the named feedback loops, or with -dominance writes their
// relative loop scores month by month as CSV.
func loopsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("loops", loopsSynopsis, stderr)
	scenario := fs.String("scenario", trafficking.Baseline, "scenario `NAME` (see trafficking scenarios)")
	dominance := fs.Bool("dominance", false, "write CSV: time, date and each named loop's relative loop score, averaged over each month")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := trafficking.LoopDominance(*scenario)
	if err != nil {
		return err
	}
	if *dominance {
		return writeDominance(stdout, a)
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "loop\ttype\tlength\tid\tvariables")
	for _, n := range trafficking.LoopNames() {
		l := a.Graph.Loop(n.Name)
		if l == nil {
			return fmt.Errorf("loop %q not found", n.Name)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", l.Name, l.Polarity.LoopType(), len(l.Variables), l.ID,
			strings.Join(slices.Concat(l.Variables, l.Variables[:1]), " -> "))
	}
	return tw.Flush()
}

// writeDominance writes one row per month: the mean relative score of each
// named loop over the saved times of the month ending at that time (0 in the
// first row, which has no earlier time to compare with).
func writeDominance(w io.Writer, a *loops.Analysis) error {
	names := trafficking.LoopNames()
	rel := make([][]float64, len(names))
	bw := bufio.NewWriter(w)
	bw.WriteString("time,date")
	for i, n := range names {
		rel[i] = a.RelativeScore(n.Name)
		bw.WriteByte(',')
		bw.WriteString(field(n.Name, ','))
	}
	bw.WriteByte('\n')
	sums := make([]float64, len(names))
	count := 0
	buf := make([]byte, 0, 32)
	for k, t := range a.Time {
		if k > 0 {
			for i := range names {
				sums[i] += rel[i][k]
			}
			count++
		}
		if t != float64(int(t)) { // rows at whole months only
			continue
		}
		bw.Write(strconv.AppendFloat(buf[:0], t, 'g', -1, 64))
		bw.WriteByte(',')
		bw.WriteString(trafficking.Date(t))
		for i := range names {
			v := 0.0
			if count > 0 {
				v = sums[i] / float64(count)
			}
			bw.WriteByte(',')
			bw.Write(strconv.AppendFloat(buf[:0], v, 'g', 6, 64))
			sums[i] = 0
		}
		count = 0
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
