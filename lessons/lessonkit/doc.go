// Package lessonkit holds the plumbing of the lessons' notebooks, so that their cells stay short
// and show the system dynamics rather than the Go needed to print it:
//
//   - self-checks for the exercises ([Verdict], [CheckSum], [CheckStayTime], [CheckStartFull],
//     [CheckOutflow], [CheckEquilibrium], [CheckMaxError], [CheckStepInput]): each returns nil when
//     the answer or model piece is right and otherwise an error that says why not, without giving
//     the answer away;
//   - Markdown tables ([Table], [Columns]) and the boundary chart ([Boundary], [BoundaryOf]);
//   - partial models for building a model sector by sector ([UsedNames], [HoldAtStart], [RunModel],
//     [Listing], [SplitSectors], [CompareModels]);
//   - an interactive panel of sliders ([Sliders]) that returns at once, saying so, when no browser
//     is attached to the notebook (a headless run), instead of waiting for one forever.
//
// Everything here is ordinary Go, tested without a notebook; only [Sliders] talks to GoNB.
package lessonkit
