// Package lessonkit holds the plumbing of the lessons' notebooks, so that their cells stay short
// and show the system dynamics rather than the Go needed to print it:
//
//   - self-checks for the exercises: each returns nil when the answer, prediction or model piece is
//     right and otherwise an error that says why not, without giving the answer away, and [Verdict]
//     turns it into one line. Lesson 0: [CheckSum], [CheckStayTime], [CheckStartFull],
//     [CheckOutflow], [CheckEquilibrium], [CheckMaxError], [CheckStepInput] (on [ServicesModel]);
//     lesson 1: [CheckDetections], [CheckBoundary], [CheckPeakYear]; lesson 3: [CheckSector], which
//     compares a student's sector with the library's and names the first variable that differs and
//     why, and [CheckUses]; lesson 5: [CheckBestLever], [CheckBeats], [CheckResistance]; lessons 2
//     and 4: [CheckLoopType], [CheckLoopThrough], [CheckPrediction], [CheckHelpsMore],
//     [CheckLargestEffect], [CheckFirstEmptying], [CheckLeadingLoop], on measures of a run
//     ([PeakAfter], [TroughAfter], [TroughBetween], [Growth]);
//   - lesson 2's dynamic hypothesis: a five-stock sketch to simulate ([Sketch], [SketchLoops]), a
//     causal loop diagram built up loop by loop ([LoopSteps], [LoopVariables]) and sector
//     stock-and-flow diagrams that keep the feedback structure ([SectorView]);
//   - lesson 4's loop dominance era by era ([Eras], [EraTable], [EraConclusions], [LoopGroup]) and
//     its count of sensitivity runs that keep the reference shape ([ShapeShare]);
//   - Markdown tables ([Table], [Columns]) and the boundary chart ([Boundary], [BoundaryOf]);
//   - lesson 1's reference data and BLS points ([ReferenceTable], [ReferencePoints], [BLSPoints],
//     [Revisions]);
//   - partial models for building a model sector by sector ([UsedNames], [HoldAtStart], [RunModel],
//     [Listing], [SplitSectors], [TraffickingSectors], [Assemble], [SplitKinds], [CompareModels]);
//   - lesson 5's tables and sentences, whose words the runs choose ([ScenarioTable], [CheckTable],
//     [ChangeBars], [LeverageReport], [LeverageFinding]) and its policy levers ([LeverSettings],
//     [LeverChart], [LeverPanel], [LeverRobustness]);
//   - an interactive panel of sliders ([Panel]) that returns at once, saying so, when no browser
//     is attached to the notebook (a headless run), instead of waiting for one forever.
//
// Everything here is ordinary Go, tested without a notebook; only [Panel] talks to GoNB. The tests
// also check the lesson notebooks as files: no saved outputs, short cells, links that resolve, and
// the statements their prose makes about the model.
package lessonkit
