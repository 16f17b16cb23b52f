// Package vensim reads Vensim models (.mdl files) into sdmodel models.
//
//	m, err := vensim.ReadFile("teacup.mdl")   // *sdmodel.Model
//	f, err := new(vensim.Reader).ReadFile("model.mdl") // also ranges, groups, the sketch
//
// What it reads:
//
//   - Equations "name = expression ~ units ~ comment |", with line
//     continuations (a backslash at the end of a line), {comments}, quoted
//     names, names containing words such as "not" or "mod", :AND:, :OR:,
//     :NOT:, :NA: and "==" (unchangeable constants); a ":SUPPLEMENTARY" flag
//     after the comment is dropped, and so are Reality Check equations
//     (:THE CONDITION:, :TEST INPUT:). Files starting with
//     {UTF-8} are UTF-8; others are read as Windows-1252 (Latin-1).
//   - Units with ranges ("Month [0, 100, 1]", ? for no bound): the units go
//     on the variable, the range into File.Ranges. Comments become the
//     variables' documentation; group headers (".Control") File.Groups.
//   - Stocks (INTEG(rate, initial)): a rate that is a sum and difference of
//     auxiliaries makes those auxiliaries the stock's inflows and outflows,
//     as Vensim draws them (in an array, when each is subscripted like the
//     stock: INTEG(in[d] - out[d], ...)); any other rate becomes one flow
//     named "<stock> net flow".
//   - Lookups: "name( [(xmin,ymin)-(xmax,ymax)], (x,y), ... )", the older
//     flat form "name( x1, x2, ..., y1, y2, ... )", WITH LOOKUP(input,
//     (table)), LOOKUP EXTRAPOLATE, LOOKUP FORWARD, LOOKUP BACKWARD and LOOKUP
//     INVERT (for a table whose y values are monotonic).
//   - The control section: INITIAL TIME, FINAL TIME, TIME STEP and SAVEPER
//     (numbers or expressions of constants) become the model's time specs;
//     the time unit is that of FINAL TIME or TIME STEP.
//   - Subscripts: ranges ("dim: a, b, c", "(a1-a9)", ranges of ranges,
//     mappings "-> other" and "-> (other: y, x)", equivalences "<->"),
//     arrayed equations, equations per element or per subrange, :EXCEPT:,
//     constant lists and tables ("1, 2; 3, 4;"), TABBED ARRAY. They map onto
//     sdmodel's arrays (Model.Dimension, Variable.Over, Variable.Element);
//     elements no equation defines are 0, as in Vensim.
//   - Macros (:MACRO: NAME(inputs) ... :END OF MACRO:) become sdmodel
//     macros (Model.Macros): the macro's equations are read as a model of
//     their own, and the variable named like the macro is its value. The
//     engine expands each call when it flattens the model, into a copy of
//     the macro's variables named "<caller>.<macro>.<n>.<variable>" (n
//     counts the calls in the caller's equation), its inputs auxiliaries
//     holding the arguments. A call in an arrayed equation is one call per
//     element, so a macro applies element by element. A macro with further
//     outputs, ":MACRO: NAME(in1, in2 : out2, out3)", is called
//     "x = NAME(a, b : y, z)": y and z become variables holding the call's
//     out2 and out3.
//   - Data variables (a name with no equation) take their values from the
//     Vensim .dat files given as Reader.DataFiles (ParseDat reads the
//     format), interpolated between the times listed, as a Vensim run
//     with those data files does.
//   - Data functions GET DIRECT / GET XLS CONSTANTS, LOOKUPS and DATA, and
//     data equations (":=", ":INTERPOLATE::=", ":HOLD BACKWARD::=", ":LOOK
//     FORWARD::="), reading .xlsx workbooks (cells such as 'B2', defined
//     names, 'B2*' to read down a column; read with archive/zip and
//     encoding/xml, dates as their serial numbers) and CSV files (whose
//     "sheet" argument is the separator), relative to the model file, when the
//     model is read. Constants become numbers, lookups graphical functions,
//     data graphical functions of TIME. Legacy .xls workbooks are read too,
//     numbers only (text cells count as missing values).
//   - The sketch (File.Sketch): every view with its variables, valves,
//     clouds, comments and arrows and their positions; and the settings
//     block after it. Each view also becomes one of the model's views
//     (Model.Views), which package diagram draws in the modeller's layout:
//     stocks at their boxes, each flow at its valve (named by the variable
//     drawn attached after it) with a pipe from the source stock's edge or
//     cloud to the target's (Vensim's pipe arrows, shape 4 towards the
//     target and 100 towards the source), auxiliaries, and the other arrows
//     between variables as connectors leaving at the angle of Vensim's arc.
//     A shadow variable (a second drawing of a name) is not placed again;
//     arrows from it link the variable it shows.
//
// Vensim's builtins where they differ from the engine's XMILE ones are
// rewritten into engine equations, so the numbers are Vensim's:
//
//   - INTEGER(x) truncates towards zero (the engine's INT floors):
//     INTEGER(-2.5) = -2.
//   - MODULO(a, b) = a - b * INTEGER(a / b): the sign of a.
//   - QUANTUM(a, q) = q * INTEGER(a / q), a when q <= 0.
//   - PULSE(start, width) is 1 from start for width time units (one DT when
//     width is 0), 0 otherwise (XMILE's PULSE is an impulse of a magnitude).
//   - PULSE TRAIN, RAMP, STEP, XIDZ, ZIDZ, SMOOTH, SMOOTHI, SMOOTH3,
//     SMOOTH3I, DELAY1, DELAY1I, DELAY3, DELAY3I, TREND, FORECAST and
//     INITIAL are the engine's, which follow Vensim.
//   - SMOOTH N and DELAY N take their order from a number or a constant
//     (read at the initial time); DELAY N lowers its order to delay / DT
//     when the delay holds fewer time steps than the order, as Vensim does,
//     element by element in an array.
//   - DELAY FIXED delays by at least one DT: with a delay of 0 it returns
//     its initial value first.
//   - SAMPLE IF TRUE(condition, input, initial) is input while the
//     condition holds and keeps its last value otherwise; the reader adds
//     the variable "<caller> sample" and the stock "<caller> sample last"
//     that holds the previous value.
//   - ACTIVE INITIAL(active, initial) becomes the variable's initial
//     equation (sdmodel.Variable.InitEquation).
//   - GAME(x) is x (no gaming input in batch runs).
//   - GAMMA LN and DEPRECIATE STRAIGHTLINE are the engine's GAMMA_LN and
//     DEPRECIATE_STRAIGHTLINE.
//   - INVERT MATRIX(m[..., a, b], n) of a constant array is computed when the
//     model is read (Gauss-Jordan elimination with partial pivoting), block by
//     block over the leading subscripts.
//   - RANDOM 0 1() is RANDOM_UNIFORM(0, 1, 0); RANDOM UNIFORM, RANDOM
//     NORMAL, RANDOM EXPONENTIAL, RANDOM GAMMA, RANDOM BETA, RANDOM
//     BINOMIAL, RANDOM NEGATIVE BINOMIAL, RANDOM POISSON, RANDOM WEIBULL,
//     RANDOM LOGNORMAL, RANDOM TRIANGULAR and RANDOM PINK NOISE are the
//     engine's (one draw per call site and time step, from the run's seed;
//     shift + stretch * draw, truncated to [min, max] by drawing again).
//     RANDOM LOOKUP(lookup, min, max, seed) is the engine's too: a draw
//     from the density the lookup's points give, restricted to [min, max].
//   - NPV(stream, discount rate, initial value, factor), NPVE, ALLOCATE BY
//     PRIORITY, ALLOCATE AVAILABLE (profile types 0 to 4), VECTOR SELECT
//     (also with selection and values over different dimensions), VECTOR
//     RANK, VECTOR SORT ORDER, VECTOR REORDER and VECTOR ELM MAP are the
//     engine's, which follow Vensim.
//   - :NA: is Vensim's missing value, -1.298074214633707e33.
//
// Errors are an sdmodel.ErrorList; each *sdmodel.Error names the file, the
// variable, and the line and column in the file ("line 12, column 9: ...").
// Bad input never panics or hangs (FuzzRead): files are limited to 64 MiB,
// arrays to 65,536 elements, macros to 32 levels of nesting and models to
// 262,144 variables.
package vensim
