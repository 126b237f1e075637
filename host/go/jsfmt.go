package integration2d

// Number and string formatting exactly as the Node host prints them (JSON.stringify, Number#toString,
// toFixed, toExponential), so every host's output is byte for byte the same. Go's own formatting differs at
// the edges (exponent thresholds, round-half-even on exact ties, HTML escaping in encoding/json).

import (
	"math"
	"strconv"
	"strings"
)

// jsNumber is ECMAScript Number::toString(x) for a finite x (JSON.stringify's spelling of numbers).
func jsNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "null" // JSON.stringify's spelling; callers print null for non-finite values anyway
	}
	if x == 0 {
		return "0" // -0 too
	}
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	// Shortest round-trip digits (closest to x among the shortest), as d.ddde±x.
	e := strconv.FormatFloat(x, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	e10, _ := strconv.Atoi(exp)
	k, n := len(digits), e10+1 // x = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		return sign + digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		return sign + digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		return sign + "0." + strings.Repeat("0", -n) + digits
	}
	es := "+"
	if n-1 < 0 {
		es = "-"
	}
	abs := n - 1
	if abs < 0 {
		abs = -abs
	}
	if k == 1 {
		return sign + digits + "e" + es + strconv.Itoa(abs)
	}
	return sign + digits[:1] + "." + digits[1:] + "e" + es + strconv.Itoa(abs)
}

// roundHalfUp rounds the decimal digit string `digits` (no point) to its first `keep` digits, half away from
// zero on the exact expansion, and reports whether a carry added a leading digit.
func roundHalfUp(digits string, keep int) (string, bool) {
	if keep >= len(digits) {
		return digits + strings.Repeat("0", keep-len(digits)), false
	}
	b := []byte(digits[:keep])
	if digits[keep] < '5' {
		return string(b), false
	}
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b), false
		}
		b[i] = '0'
	}
	return "1" + string(b), true
}

// jsToFixed is Number#toFixed(f) for a finite |x| < 1e21: the exact value rounded half up (ties away from 0).
func jsToFixed(x float64, f int) string {
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	exact := strconv.FormatFloat(x, 'f', 1100, 64) // exact: a double has at most 1074 fraction digits
	ip, fp, _ := strings.Cut(exact, ".")
	r, _ := roundHalfUp(ip+fp, len(ip)+f)
	ilen := len(r) - f
	out := r[:ilen]
	if f > 0 {
		out += "." + r[ilen:]
	}
	return sign + out
}

// jsToExponential is Number#toExponential(f) for a finite x: d.ddddde±x, exact value rounded half up.
func jsToExponential(x float64, f int) string {
	sign := ""
	if x < 0 {
		sign, x = "-", -x
	}
	if x == 0 {
		return sign + "0." + strings.Repeat("0", f) + "e+0"
	}
	exact := strconv.FormatFloat(x, 'e', 800, 64) // exact: a double has at most 767 significant digits
	mant, exp, _ := strings.Cut(exact, "e")
	e10, _ := strconv.Atoi(exp)
	r, carried := roundHalfUp(strings.Replace(mant, ".", "", 1), f+1)
	if carried {
		r = r[:f+1]
		e10++
	}
	out := r[:1]
	if f > 0 {
		out += "." + r[1:]
	}
	es := "+"
	if e10 < 0 {
		es, e10 = "-", -e10
	}
	return sign + out + "e" + es + strconv.Itoa(e10)
}

// FormatE is C's `%e` as the Node host prints it: six decimals, exponent sign and at least two digits.
func FormatE(v float64, ok bool) string {
	if !ok || math.IsNaN(v) {
		return "nan"
	}
	if math.IsInf(v, 1) {
		return "inf"
	}
	if math.IsInf(v, -1) {
		return "-inf"
	}
	s := jsToExponential(v, 6)
	mant, exp, _ := strings.Cut(s, "e")
	esign, digits := exp[:1], exp[1:]
	if len(digits) < 2 {
		digits = "0" + digits
	}
	neg := ""
	if v == 0 && math.Signbit(v) {
		neg = "-"
	}
	return neg + mant + "e" + esign + digits
}

// jsQuote is JSON.stringify(s) for a string: the escapes ECMAScript uses (lone surrogates never occur here:
// Go strings hold code points, so text is escaped per UTF-16 unit only for control characters).
func jsQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				b.WriteString(`\u00`)
				b.WriteString(strconv.FormatInt(int64(r)>>4, 16))
				b.WriteString(strconv.FormatInt(int64(r)&15, 16))
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
