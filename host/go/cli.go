package integration2d

// The command line of host/core/cli.ts: the same options, defaults, messages and exit codes (0 done, 1 run
// failed, 2 bad input, 130 interrupted). Arguments are split exactly as Node's util.parseArgs does (strict,
// positionals allowed), and its errors are turned into the same one-line messages.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"syscall"
	"unicode/utf16"
)

// Program is the name used in messages.
const Program = "integration2d"

type optSpec struct {
	name   string
	short  string
	string bool
}

// runOptions in the Node host's order (the order matters for which option an error message names).
var runOptions = []optSpec{
	{"n", "n", true}, {"nx", "", true}, {"ny", "", true}, {"workers", "w", true}, {"scheme", "s", true},
	{"kernel", "k", true}, {"integrand", "f", true}, {"domain", "d", true},
	{"json", "", false}, {"list", "", false}, {"help", "h", false}, {"version", "V", false},
}

var startOptions = []optSpec{{"n", "n", true}, {"workers", "w", true}, {"kernel", "k", true}}

var flagOf = map[string]string{"json": "--json", "list": "--list", "help": "-h/--help", "version": "-V/--version"}

func init() {
	for k, v := range Flag {
		flagOf[k] = v
	}
}

// u16 is a JS string: UTF-16 code units (parseArgs indexes and slices those).
type u16 []uint16

func toU16(s string) u16     { return utf16.Encode([]rune(s)) }
func (s u16) String() string { return string(utf16.Decode(s)) } // a lone surrogate prints as U+FFFD, as Node's stderr does

type token struct {
	option  bool
	name    string // long name (or the short letter when unknown)
	rawName string
	value   *string
	inline  bool
}

func findSpec(opts []optSpec, name string) *optSpec {
	for i := range opts {
		if opts[i].name == name {
			return &opts[i]
		}
	}
	return nil
}

func longForShort(opts []optSpec, short string) string {
	for _, o := range opts {
		if o.short == short {
			return o.name
		}
	}
	return short
}

func isStringOpt(opts []optSpec, name string) bool {
	o := findSpec(opts, name)
	return o != nil && o.string
}

// tokenize is parseArgs' argument loop (Node 20).
func tokenize(args []string, opts []optSpec) []token {
	remaining := make([]u16, len(args))
	for i, a := range args {
		remaining[i] = toU16(a)
	}
	var tokens []token
	for len(remaining) > 0 {
		arg := remaining[0]
		remaining = remaining[1:]
		var next *string
		if len(remaining) > 0 {
			s := remaining[0].String()
			next = &s
		}
		s := arg.String()
		switch {
		case s == "--":
			for _, r := range remaining {
				tokens = append(tokens, token{value: strp(r.String())})
			}
			return tokens
		case len(arg) == 2 && arg[0] == '-' && arg[1] != '-': // lone short option
			short := u16{arg[1]}.String()
			long := longForShort(opts, short)
			t := token{option: true, name: long, rawName: s}
			if isStringOpt(opts, long) && next != nil {
				t.value = next
				remaining = remaining[1:]
			}
			tokens = append(tokens, t)
		case len(arg) > 2 && arg[0] == '-' && arg[1] != '-' && !isStringOpt(opts, longForShort(opts, u16{arg[1]}.String())):
			// short option group: -abc → -a -b -c; a string option in the middle takes the rest
			var expanded []u16
			for i := 1; i < len(arg); i++ {
				long := longForShort(opts, u16{arg[i]}.String())
				if !isStringOpt(opts, long) || i == len(arg)-1 {
					expanded = append(expanded, u16{'-', arg[i]})
				} else {
					expanded = append(expanded, append(u16{'-'}, arg[i:]...))
					break
				}
			}
			remaining = append(expanded, remaining...)
		case len(arg) > 2 && arg[0] == '-' && arg[1] != '-': // short option and value: -n5
			short := u16{arg[1]}.String()
			tokens = append(tokens, token{option: true, name: longForShort(opts, short), rawName: "-" + short,
				value: strp(arg[2:].String()), inline: true})
		case len(arg) > 2 && arg[0] == '-' && arg[1] == '-' && !hasEqFrom(arg, 3): // --name [value]
			long := arg[2:].String()
			t := token{option: true, name: long, rawName: s}
			if isStringOpt(opts, long) && next != nil {
				t.value = next
				remaining = remaining[1:]
			}
			tokens = append(tokens, t)
		case len(arg) > 2 && arg[0] == '-' && arg[1] == '-': // --name=value (the first '=' splits)
			eq := 0
			for eq < len(arg) && arg[eq] != '=' {
				eq++
			}
			long := arg[2:eq].String()
			tokens = append(tokens, token{option: true, name: long, rawName: "--" + long,
				value: strp(arg[eq+1:].String()), inline: true})
		default:
			tokens = append(tokens, token{value: strp(s)})
		}
	}
	return tokens
}

// parseError is one of parseArgs' strict-mode errors: its code and Node's message text.
type parseError struct{ code, message string }

func shortAndLong(o *optSpec) string {
	if o.short != "" {
		return "-" + o.short + ", --" + o.name
	}
	return "--" + o.name
}

// strictCheck is parseArgs' strict validation of one option token.
func strictCheck(t token, opts []optSpec) *parseError {
	o := findSpec(opts, t.name)
	if o == nil {
		return &parseError{"ERR_PARSE_ARGS_UNKNOWN_OPTION", fmt.Sprintf(
			"Unknown option '%s'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- %s",
			t.rawName, jsQuote(t.rawName))}
	}
	if o.string && t.value == nil {
		return &parseError{"ERR_PARSE_ARGS_INVALID_OPTION_VALUE", fmt.Sprintf("Option '%s <value>' argument missing", shortAndLong(o))}
	}
	if !o.string && t.value != nil {
		return &parseError{"ERR_PARSE_ARGS_INVALID_OPTION_VALUE", fmt.Sprintf("Option '%s' does not take an argument", shortAndLong(o))}
	}
	if !t.inline && t.value != nil && len(toU16(*t.value)) > 1 && strings.HasPrefix(*t.value, "-") {
		example := "--" + t.name + "=-XYZ' or '" + t.rawName + "-XYZ"
		if strings.HasPrefix(t.rawName, "--") {
			example = t.rawName + "=-XYZ"
		}
		return &parseError{"ERR_PARSE_ARGS_INVALID_OPTION_VALUE", fmt.Sprintf(
			"Option '%s' argument is ambiguous.\nDid you forget to specify the option argument for '%s'?\nTo specify an option argument starting with a dash use '%s'.",
			t.rawName, t.rawName, example)}
	}
	return nil
}

// hasEqFrom is arg.includes("=", from).
func hasEqFrom(arg u16, from int) bool {
	for i := from; i < len(arg); i++ {
		if arg[i] == '=' {
			return true
		}
	}
	return false
}

// namedIn is /'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(message)?.slice(1).filter(Boolean), over UTF-16 units.
func namedIn(message string) []string {
	m := toU16(message)
	not := func(c uint16, set string) bool { return !strings.ContainsRune(set, rune(c)) }
	for i := 0; i+2 < len(m); i++ {
		if m[i] != '\'' || m[i+1] != '-' || !not(m[i+2], "' ,") {
			continue
		}
		j := i + 2
		for j < len(m) && not(m[j], "' ,") {
			j++
		}
		named := []string{m[i+1 : j].String()}
		if j+4 < len(m) && m[j] == ',' && m[j+1] == ' ' && m[j+2] == '-' && m[j+3] == '-' && not(m[j+4], "' ") {
			k := j + 4
			for k < len(m) && not(m[k], "' ") {
				k++
			}
			named = append(named, m[j+2:k].String())
		}
		return named
	}
	return nil
}

// parseOptions is cli.ts's parseOptions: parseArgs with strict options and, as every command here wants, no
// positional arguments; its errors as the contract's one-line UsageErrors.
func parseOptions(args []string, opts []optSpec) (map[string]*string, error) {
	tokens := tokenize(args, opts)
	values := map[string]*string{}
	var positionals []string
	for _, t := range tokens {
		if !t.option {
			positionals = append(positionals, *t.value)
			continue
		}
		if e := strictCheck(t, opts); e != nil {
			named := namedIn(e.message)
			long := ""
			for _, o := range opts {
				for _, f := range named {
					if f == "--"+o.name || (o.short != "" && f == "-"+o.short) {
						long = o.name
					}
				}
				if long != "" {
					break
				}
			}
			option := ""
			if long != "" {
				option = "--" + long
			} else if len(named) > 0 {
				option = named[len(named)-1]
			}
			spelled := option
			if long != "" {
				if f, ok := flagOf[long]; ok {
					spelled = f
				}
			}
			if e.code == "ERR_PARSE_ARGS_UNKNOWN_OPTION" {
				first := option
				if len(named) > 0 {
					first = named[0]
				}
				return nil, &UsageError{Option: option, Message: fmt.Sprintf("unknown option %s (see --help)", first)}
			}
			if strings.Contains(e.message, "does not take") {
				return nil, &UsageError{Option: option, Message: fmt.Sprintf("option %s takes no value", spelled)}
			}
			return nil, &UsageError{Option: option, Message: fmt.Sprintf(`option %s needs a value; for a value starting with "-" write %s=VALUE`, spelled, option)}
		}
		if t.value != nil {
			values[t.name] = t.value
		} else {
			values[t.name] = strp("true")
		}
	}
	if len(positionals) > 0 {
		return nil, &UsageError{Option: "", Message: fmt.Sprintf("unexpected argument %s (see --help)", jsQuote(positionals[0]))}
	}
	return values, nil
}

func helpText() string {
	return `Usage: ` + Program + ` [options]             one run: the seed's lines, or --json
       ` + Program + ` start [-n N]           the seed's program: serial, threads in turn

Options:
  -n, --n <int>            cells per axis, 1..10000000 (default 10000); sets nx and ny
      --nx <int>, --ny <int>  cells along x / y (default n)
  -w, --workers <int>      workers, 1..` + fmt.Sprint(MaxWorkers) + ` (default: logical cores; 1 for serial;
                           more than nx runs nx)
  -s, --scheme <name>      ` + strings.Join(Schemes, " | ") + ` (default threads)
  -k, --kernel <name>      simd | scalar (default simd where wasm SIMD is supported)
  -f, --integrand <expr>   f(x, y), any expression the kernel parses, e.g. "exp(-(x^2 + y^2))"
                           (default ` + DefaultIntegrand + `; --list names the functions)
  -d, --domain <ax,bx,ay,by>  four constant expressions, e.g. 0,pi/2,-1,sqrt(2)
                           (default ` + DefaultDomainText + `); a value starting with '-' needs --domain=…
      --json               print one JSON record instead of the seed's lines
      --list               the catalog, functions, constants and variables
  -h, --help               this text
  -V, --version            versions of the CLI and kernel ABI
`
}

// listText is --list, the same lines in every host: the catalog (the integrands with a fast path and a closed
// form), then what the language has.
func listText(m Meta) string {
	return "catalog: " + strings.Join(m.Integrands, ", ") + "\n" +
		"functions: " + strings.Join(m.Functions, " ") + "\n" +
		"constants: " + strings.Join(m.Constants, " ") + "\n" +
		"variables: " + strings.Join(m.Variables, " ") + "\n"
}

// output remembers the first write error: the commands write as they go, and a result that could not be
// written (a full disk, a closed pipe) fails the run at the end instead of being lost with exit 0. (os.Stdout
// is not buffered: each Write is the write(2), so its error is the whole story; Sync means nothing on a pipe.)
type output struct {
	w   io.Writer
	err error
}

func (o *output) Write(b []byte) (int, error) {
	n, err := o.w.Write(b)
	if err != nil && o.err == nil {
		o.err = err
	}
	return n, err
}

// reason is an OS error in strerror's words ("No space left on device"), without Go's "write /dev/stdout: ".
func reason(err error) string {
	var errno syscall.Errno
	text := err.Error()
	if errors.As(err, &errno) {
		text = errno.Error()
	}
	return strings.ToUpper(text[:1]) + text[1:]
}

// Main runs the CLI and returns its exit code. Cancelling ctx (the command wires it to Ctrl-C) stops the
// run: exit 130. Output that cannot be written is a failure: exit 1 and one line.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	out := &output{w: stdout}
	code, err := run(ctx, args, out, stderr)
	if err == nil && out.err != nil {
		fmt.Fprintf(stderr, "%s: cannot write the output: %s\n", Program, reason(out.err))
		return 1
	}
	if err == nil {
		return code
	}
	var ue *UsageError
	var we *WorkerError
	var re *RunError
	switch {
	case ctx.Err() != nil:
		fmt.Fprintf(stderr, "%s: cancelled: %s\n", Program, errInterrupted)
		return 130
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %s\n", Program, ue.Message)
		return 2
	case errors.As(err, &re):
		fmt.Fprintf(stderr, "%s: run failed: %s\n", Program, re.Message)
		return 1
	case errors.As(err, &we):
		fmt.Fprintf(stderr, "%s: run failed: %s\n", Program, we)
		return 1
	default:
		fmt.Fprintf(stderr, "%s: %s\n", Program, err)
		return 1
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) > 0 && args[0] != "" && !strings.HasPrefix(args[0], "-") {
		if args[0] == "start" {
			return start(ctx, args[1:], stdout)
		}
		if args[0] == "bench" {
			return bench(ctx, args[1:], stdout, stderr)
		}
		return 0, &UsageError{Option: "", Message: fmt.Sprintf("unknown command %s (commands: start, bench)", jsQuote(args[0]))}
	}
	values, err := parseOptions(args, runOptions)
	if err != nil {
		return 0, err
	}
	it, err := New(ctx)
	if err != nil {
		return 0, err
	}
	defer it.Close(context.Background())
	switch {
	case values["help"] != nil:
		fmt.Fprint(stdout, helpText())
		return 0, nil
	case values["version"] != nil:
		fmt.Fprintf(stdout, "integration2d %s (kernel ABI %d)\n", Version, it.Meta.ABI)
		return 0, nil
	case values["list"] != nil:
		fmt.Fprint(stdout, listText(it.Meta))
		return 0, nil
	}
	r, err := it.IntegrateRaw(ctx, RawOptions{
		N: values["n"], NX: values["nx"], NY: values["ny"], Workers: values["workers"], Scheme: values["scheme"],
		Kernel: values["kernel"], Integrand: values["integrand"], Domain: values["domain"],
	})
	if err != nil {
		return 0, err
	}
	if values["json"] != nil {
		fmt.Fprintln(stdout, r.JSON())
	} else {
		fmt.Fprintln(stdout, strings.Join(r.HumanLines(), "\n"))
	}
	return 0, nil
}

func padStart(s string, n int) string { return strings.Repeat(" ", max(0, n-len(s))) + s }
func padEnd(s string, n int) string   { return s + strings.Repeat(" ", max(0, n-len(s))) }

// start is the seed's program: each scheme in turn on the same problem, the seed's lines, then a table.
func start(ctx context.Context, args []string, stdout io.Writer) (int, error) {
	values, err := parseOptions(args, startOptions)
	if err != nil {
		return 0, err
	}
	it, err := New(ctx)
	if err != nil {
		return 0, err
	}
	defer it.Close(context.Background())
	var records []*Record
	for _, scheme := range Schemes {
		workers := values["workers"]
		if scheme == "serial" {
			workers = strp("1")
		}
		r, err := it.IntegrateRaw(ctx, RawOptions{N: values["n"], Kernel: values["kernel"], Scheme: strp(scheme), Workers: workers})
		if err != nil {
			return 0, err
		}
		fmt.Fprintf(stdout, "# %s\n%s\n", scheme, strings.Join(r.HumanLines()[:2], "\n"))
		records = append(records, r)
	}
	serial := records[0].TimeS
	fmt.Fprintf(stdout, "\n%s %s %s %s  bits\n", padEnd("scheme", 10), padStart("workers", 7), padStart("time (s)", 9), padStart("speedup", 8))
	same := true
	for _, r := range records {
		fmt.Fprintf(stdout, "%s %s %s %s  %s\n", padEnd(r.Scheme, 10), padStart(fmt.Sprint(r.Workers), 7),
			padStart(jsToFixed(r.TimeS, 3), 9), padStart(jsToFixed(serial/r.TimeS, 2), 8), r.Bits)
		same = same && r.Bits == records[0].Bits
	}
	if !same {
		fmt.Fprint(stdout, "\nBITS DIFFER between schemes: this is a bug.\n")
		return 1, nil
	}
	fmt.Fprintf(stdout, "\nAll %d schemes gave the same bits.\n", len(records))
	return 0, nil
}
