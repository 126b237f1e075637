package integration2d

// One instance of the kernel (README § Kernel ABI) under wazero.

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"unicode/utf16"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// Kernel is one instance of a kernel build. Not safe for concurrent use: one per goroutine.
type Kernel struct {
	mod                                                  api.Module
	rowSum, buffer, combine, abiVersion, variantFn       api.Function
	metadata, text, define, errorField, errorColumn      api.Function
	message, messageLength, bound, catalogID, exactValue api.Function
	maxText                                              api.Function
	stack                                                []uint64
}

// NewKernel instantiates a compiled kernel build (anonymously, so a runtime may hold many instances).
func NewKernel(ctx context.Context, r wazero.Runtime, compiled wazero.CompiledModule) (*Kernel, error) {
	mod, err := r.InstantiateModule(ctx, compiled, wazero.NewModuleConfig().WithName(""))
	if err != nil {
		return nil, err
	}
	k := &Kernel{mod: mod, stack: make([]uint64, 8)}
	for name, f := range map[string]*api.Function{
		"rowSum": &k.rowSum, "buffer": &k.buffer, "combine": &k.combine, "abiVersion": &k.abiVersion,
		"variant": &k.variantFn, "metadata": &k.metadata, "text": &k.text, "define": &k.define,
		"errorField": &k.errorField, "errorColumn": &k.errorColumn, "message": &k.message,
		"messageLength": &k.messageLength, "bound": &k.bound, "catalogId": &k.catalogID, "exactValue": &k.exactValue,
		"maxText": &k.maxText,
	} {
		if *f = mod.ExportedFunction(name); *f == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("the kernel exports no %s (this host needs kernel ABI %d or newer)", name, minABI)
		}
	}
	if mod.Memory() == nil {
		mod.Close(ctx)
		return nil, errors.New("the kernel exports no memory")
	}
	return k, nil
}

// minABI is the kernel ABI this host is written for (the problem as text); a newer kernel is a superset.
const minABI = 2

// Close frees the instance.
func (k *Kernel) Close(ctx context.Context) error { return k.mod.Close(ctx) }

func (k *Kernel) call(ctx context.Context, f api.Function, params ...uint64) (uint64, error) {
	copy(k.stack, params)
	if err := f.CallWithStack(ctx, k.stack); err != nil {
		return 0, err
	}
	return k.stack[0], nil
}

func i32(v int) uint64 { return uint64(uint32(int32(v))) }

func (k *Kernel) callI32(ctx context.Context, f api.Function, params ...uint64) (int, error) {
	r, err := k.call(ctx, f, params...)
	return int(int32(uint32(r))), err
}

func (k *Kernel) callF64(ctx context.Context, f api.Function, params ...uint64) (float64, error) {
	r, err := k.call(ctx, f, params...)
	return api.DecodeF64(r), err
}

// MaxText is the most bytes one text (integrand or domain) may have.
func (k *Kernel) MaxText(ctx context.Context) (int, error) { return k.callI32(ctx, k.maxText) }

// Text is text(bytes): where the integrand's bytes and then the domain's go (0 if bytes ∉ [0, 2·maxText]).
func (k *Kernel) Text(ctx context.Context, bytes int) (int, error) {
	return k.callI32(ctx, k.text, i32(bytes))
}

// DefineCode is define(fLen, dLen, nx, ny) on the texts already written at Text(fLen+dLen): 0 or a code.
func (k *Kernel) DefineCode(ctx context.Context, fLen, dLen, nx, ny int) (int, error) {
	return k.callI32(ctx, k.define, i32(fLen), i32(dLen), i32(nx), i32(ny))
}

// ErrorField is which text or number the last define refused: 0 integrand, 1 domain, 2 nx, 3 ny.
func (k *Kernel) ErrorField(ctx context.Context) (int, error) { return k.callI32(ctx, k.errorField) }

// ErrorColumn is the 1-based column (in code points) of that refusal in its text; 0 where there is none.
func (k *Kernel) ErrorColumn(ctx context.Context) (int, error) { return k.callI32(ctx, k.errorColumn) }

// MessagePtr and MessageLength locate the last message's UTF-8 bytes (define's refusal, combine's diagnosis).
func (k *Kernel) MessagePtr(ctx context.Context) (int, error) { return k.callI32(ctx, k.message) }
func (k *Kernel) MessageLength(ctx context.Context) (int, error) {
	return k.callI32(ctx, k.messageLength)
}

// Message is the last message as text ("" after a success).
func (k *Kernel) Message(ctx context.Context) (string, error) {
	n, err := k.MessageLength(ctx)
	if err != nil || n == 0 {
		return "", err
	}
	ptr, err := k.MessagePtr(ctx)
	if err != nil {
		return "", err
	}
	b, ok := k.mod.Memory().Read(uint32(ptr), uint32(n))
	if !ok {
		return "", errors.New("kernel message outside memory")
	}
	return string(b), nil
}

// Bound is bound i (0 ax, 1 bx, 2 ay, 3 by) of the defined problem; NaN if none.
func (k *Kernel) Bound(ctx context.Context, i int) (float64, error) {
	return k.callF64(ctx, k.bound, i32(i))
}

// CatalogID is the catalog entry whose fast path the defined integrand takes, or −1.
func (k *Kernel) CatalogID(ctx context.Context) (int, error) { return k.callI32(ctx, k.catalogID) }

// ExactValue is the closed form on the defined problem; NaN when there is none.
func (k *Kernel) ExactValue(ctx context.Context) (float64, error) {
	return k.callF64(ctx, k.exactValue)
}

// DefineError is a refusal by define: the field (0 integrand, 1 domain, 2 nx, 3 ny), the column in that text
// (0: none) and the kernel's message, which never names the option.
type DefineError struct {
	Code, Field, Column int
	Message             string
}

func (e *DefineError) Error() string { return e.Message }

// Define hands the two texts to the kernel and fixes the problem for RowSum and Combine; a refusal is a
// *DefineError with the kernel's words.
func (k *Kernel) Define(ctx context.Context, integrand, domain string, nx, ny int) error {
	fLen, dLen := len(integrand), len(domain)
	ptr, err := k.Text(ctx, fLen+dLen)
	if err != nil {
		return err
	}
	if ptr == 0 {
		// The two texts do not fit the area (2·maxText), so one is over maxText: say what define says of it,
		// the integrand first as define checks it first.
		limit, err := k.MaxText(ctx)
		if err != nil {
			return err
		}
		e := &DefineError{Code: -1, Field: 0}
		n := fLen
		if fLen <= limit {
			e.Code, e.Field, n = -8, 1, dLen
		}
		e.Message = fmt.Sprintf("text longer than %d bytes (%d bytes)", limit, n)
		return e
	}
	mem := k.mod.Memory() // text() may have grown memory: this view is fresh
	if !mem.WriteString(uint32(ptr), integrand) || !mem.WriteString(uint32(ptr+fLen), domain) {
		return errors.New("kernel text area outside memory")
	}
	code, err := k.DefineCode(ctx, fLen, dLen, nx, ny)
	if err != nil || code == 0 {
		return err
	}
	e := &DefineError{Code: code}
	if e.Field, err = k.ErrorField(ctx); err != nil {
		return err
	}
	if e.Column, err = k.ErrorColumn(ctx); err != nil {
		return err
	}
	if e.Message, err = k.Message(ctx); err != nil {
		return err
	}
	return e
}

// RowSum is the compensated sum of f over row i.
func (k *Kernel) RowSum(ctx context.Context, i int) (float64, error) {
	return k.callF64(ctx, k.rowSum, i32(i))
}

// Combine writes sums (row i at index i) into the kernel's buffer and returns combine(len(sums)): the
// integral, not finite when the run failed (then Message says why).
func (k *Kernel) Combine(ctx context.Context, sums []float64) (float64, error) {
	ptr, err := k.callI32(ctx, k.buffer, i32(len(sums)))
	if err != nil {
		return 0, err
	}
	if ptr == 0 {
		return 0, fmt.Errorf("kernel buffer(%d) failed", len(sums))
	}
	b := make([]byte, 8*len(sums))
	for i, v := range sums {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	// A fresh look at memory after buffer(): it may have grown.
	if !k.mod.Memory().Write(uint32(ptr), b) {
		return 0, errors.New("kernel buffer outside memory")
	}
	return k.callF64(ctx, k.combine, i32(len(sums)))
}

// Meta is what the kernel says about itself (its metadata JSON), the ABI and build from their own exports.
type Meta struct {
	ABI        int      `json:"-"`
	Variant    int      `json:"-"` // 0 scalar, 1 simd
	MaxCells   int      `json:"maxCells"`
	MaxText    int      `json:"maxText"`
	Integrands []string `json:"integrands"` // the catalog, whose texts take a fast path with a closed form
	Functions  []string `json:"functions"`
	Constants  []string `json:"constants"`
	Variables  []string `json:"variables"`
}

// string reads an AssemblyScript string: UTF-16LE units at ptr, byte length as u32 at ptr−4.
func (k *Kernel) string(ptr int) (string, error) {
	mem := k.mod.Memory()
	n, ok := mem.ReadUint32Le(uint32(ptr - 4))
	if !ok {
		return "", errors.New("kernel string outside memory")
	}
	b, ok := mem.Read(uint32(ptr), n)
	if !ok {
		return "", errors.New("kernel string outside memory")
	}
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(units)), nil
}

// Meta reads the ABI version, build and metadata JSON.
func (k *Kernel) Meta(ctx context.Context) (Meta, error) {
	var m Meta
	ptr, err := k.callI32(ctx, k.metadata)
	if err != nil {
		return m, err
	}
	text, err := k.string(ptr)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		return m, fmt.Errorf("kernel metadata: %w", err)
	}
	if m.ABI, err = k.callI32(ctx, k.abiVersion); err != nil {
		return m, err
	}
	m.Variant, err = k.callI32(ctx, k.variantFn)
	return m, err
}
