package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/sdlessons/trafficking/sdmodel/trafficking"
)

func calibrateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("calibrate", commands()[5].synopsis, stderr)
	write := fs.String("write", "", "also write the estimates as Go source to `FILE` (sdmodel/trafficking/calibrated.go)")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, err := trafficking.Compile()
	if err != nil {
		return err
	}
	if isTerminal(stderr) {
		fmt.Fprint(stderr, "calibrating (Nelder-Mead from 5 starting points)...")
	}
	r, err := trafficking.Calibrate(c)
	if isTerminal(stderr) {
		fmt.Fprint(stderr, "\r\033[K")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Estimates of %d parameters from %d published figures (%d degrees of freedom; error variance %.4g from the residuals).\n\n",
		len(r.Params), len(trafficking.ReferenceData()), r.DF, r.Sigma2)
	fmt.Fprint(stdout, r)
	fmt.Fprintln(stdout, "\nObservations and the calibrated run (indices):")
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "series\tdate\tobserved\tsimulated\tfigure")
	for _, o := range trafficking.ReferenceData() {
		sim, err := trafficking.Simulated(r.Run, o.Series, o.Time)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%s\n", o.Series, o.Date(), o.Value, sim, o.Label)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if *write == "" {
		return nil
	}
	src, err := trafficking.CalibratedSourceFile(r)
	if err != nil {
		return err
	}
	return os.WriteFile(*write, src, 0o644)
}
