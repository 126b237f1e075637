package integration2d

// Domain bounds as the user writes them (host/core/domain.ts): plain decimals (`1`, `-0.5`, `2.5e-1`) or
// rational multiples of π (`pi`, `-pi`, `2pi`, `pi/2`, `3pi/4`, `0.5*pi`). A π form k·pi/m is the double
// (k × math.Pi) / m, each step rounded once, the sign applied last — the same doubles as every other host.

import (
	"math"
	"strconv"
	"strings"
)

// Domain is [ax, bx, ay, by].
type Domain [4]float64

// DefaultDomainText is the domain when none is given.
const DefaultDomainText = "0,pi,0,pi"

// jsTrim is String.prototype.trim: ECMAScript WhiteSpace and LineTerminator code points.
func jsTrim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		switch r {
		case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
			return true
		}
		return r >= 0x2000 && r <= 0x200a
	})
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// number matches `\d+\.?\d*|\.\d+` at the start of s and returns its length (0 if none).
func number(s string) int {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i > 0 {
		if i < len(s) && s[i] == '.' {
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
		}
		return i
	}
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		i = 1
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		return i
	}
	return 0
}

// isDecimal is /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	n := number(s)
	if n == 0 {
		return false
	}
	s = s[n:]
	if s == "" {
		return true
	}
	// The exponent after e/E is /[+-]?\d+/, the integer syntax.
	return (s[0] == 'e' || s[0] == 'E') && isIntegerText(s[1:])
}

// jsNumberOf is Number(text) for text already matched by one of the patterns (decimal syntax only):
// overflow gives ±Inf and underflow 0, as in JS.
func jsNumberOf(text string) float64 {
	v, err := strconv.ParseFloat(text, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v // ±Inf on overflow, ±0 on underflow: what Number() gives
		}
		return math.NaN()
	}
	return v
}

// piForm matches /^([+-]?)(\d+\.?\d*|\.\d+)?\*?(?:pi|π)(?:\/(\d+\.?\d*|\.\d+))?$/i and returns the parts.
// Under JS's case-insensitive matching `π` also matches `Π` and `ϖ` (both upper-case to Π).
func piForm(s string) (sign, k, d string, ok bool) {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		sign, s = s[:1], s[1:]
	}
	if n := number(s); n > 0 {
		k, s = s[:n], s[n:]
	}
	s = strings.TrimPrefix(s, "*")
	switch {
	case len(s) >= 2 && (s[0] == 'p' || s[0] == 'P') && (s[1] == 'i' || s[1] == 'I'):
		s = s[2:]
	case strings.HasPrefix(s, "π"), strings.HasPrefix(s, "Π"), strings.HasPrefix(s, "ϖ"):
		s = s[len("π"):] // all three are two bytes in UTF-8
	default:
		return "", "", "", false
	}
	if s == "" {
		return sign, k, "", true
	}
	if s[0] != '/' {
		return "", "", "", false
	}
	s = s[1:]
	if n := number(s); n > 0 && n == len(s) {
		return sign, k, s, true
	}
	return "", "", "", false
}

// ParseBound parses one bound; ok is false unless it is a finite number in one of the accepted forms.
func ParseBound(text string) (float64, bool) {
	s := jsTrim(text)
	if isDecimal(s) {
		v := jsNumberOf(s)
		return v, !math.IsInf(v, 0) && !math.IsNaN(v)
	}
	sign, k, d, ok := piForm(s)
	if !ok {
		return 0, false
	}
	kv, dv := 1.0, 1.0
	if k != "" {
		kv = jsNumberOf(k)
	}
	if d != "" {
		dv = jsNumberOf(d)
	}
	v := float64(kv*math.Pi) / dv // each step rounded once (the conversion forbids fusing)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	if sign == "-" {
		v = -v
	}
	return v, true
}

// ParseDomain parses "ax,bx,ay,by"; ok is false if any part is malformed or there are not four.
func ParseDomain(text string) (Domain, bool) {
	parts := strings.Split(text, ",")
	var d Domain
	if len(parts) != 4 {
		return d, false
	}
	for i, p := range parts {
		v, ok := ParseBound(p)
		if !ok {
			return d, false
		}
		d[i] = v
	}
	return d, true
}
